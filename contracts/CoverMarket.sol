// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ICoverMarket} from "./interfaces/ICoverMarket.sol";
import {ICoverMarketActions} from "./interfaces/ICoverMarketActions.sol";
import {ICoverMarketResolverActions} from "./interfaces/ICoverMarketResolverActions.sol";
import {ICoverMarketGuardian} from "./interfaces/ICoverMarketGuardian.sol";
import {ICoverMarketState} from "./interfaces/ICoverMarketState.sol";
import {ICoverToken} from "./interfaces/ICoverToken.sol";
import {CoverToken} from "./CoverToken.sol";
import {Constants} from "./libraries/Constants.sol";
import {Calendar} from "./libraries/Calendar.sol";
import {TokenMetadata} from "./libraries/TokenMetadata.sol";
import {SeriesLib} from "./libraries/SeriesLib.sol";

/// @title Cover market: holds the collateral of every series and settles it
/// @notice See ICoverMarket. Settlement is lazy: reporting an incident is O(1) whatever the number of
/// series, and each series works out (and records, on first use) whether an incident applies to it.
contract CoverMarket is ICoverMarket, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc ICoverMarketState
    address public immutable override tokenImplementation;

    /// @inheritdoc ICoverMarketState
    uint32 public override protocolCount;
    /// @dev Claims filed so far; claim ids run from 1.
    uint64 private _claimCount;
    /// @dev See pausedUntil().
    uint40 private _pausedUntil;

    mapping(uint32 protocolId => Protocol) private _protocols;
    mapping(uint32 protocolId => mapping(uint256 index => Incident)) private _incidents;
    mapping(uint32 protocolId => mapping(uint256 expiry => ClaimBucket)) private _claimBuckets;
    mapping(bytes32 seriesId => Series) private _series;
    mapping(uint64 claimId => Claim) private _claims;

    constructor(address guardian) Ownable(guardian) {
        tokenImplementation = address(new CoverToken());
    }

    // ---------------------------------------------------------------- resolvers

    /// @inheritdoc ICoverMarketResolverActions
    function registerProtocol(
        string calldata name,
        string calldata ticker,
        string calldata metadataURI,
        uint256 claimWindow
    ) external override returns (uint32 protocolId) {
        uint256 nameLength = bytes(name).length;
        if (nameLength == 0 || nameLength > Constants.MAX_NAME_LENGTH) revert CoverInvalidName(name);
        _validateTicker(ticker);
        if (claimWindow < Constants.MIN_CLAIM_WINDOW || claimWindow > Constants.MAX_CLAIM_WINDOW) {
            revert CoverInvalidClaimWindow(claimWindow, Constants.MIN_CLAIM_WINDOW, Constants.MAX_CLAIM_WINDOW);
        }
        protocolId = ++protocolCount;
        Protocol storage p = _protocols[protocolId];
        p.resolver = msg.sender;
        p.claimWindow = uint32(claimWindow); // <= MAX_CLAIM_WINDOW, checked above
        p.registeredAt = uint40(block.timestamp);
        p.name = name;
        p.ticker = ticker;
        p.metadataURI = metadataURI;
        emit ProtocolRegistered(protocolId, msg.sender, name, ticker, metadataURI, claimWindow, block.timestamp);
    }

    /// @inheritdoc ICoverMarketResolverActions
    function fileClaim(uint32 protocolId, uint256 incidentTime) external override returns (uint64 claimId) {
        Protocol storage p = _resolverProtocol(protocolId);
        _validateIncidentTime(p, incidentTime);
        // A claim that could never be accepted must not hold any series back.
        if (p.incidentCount >= Constants.MAX_INCIDENTS_PER_PROTOCOL) {
            revert CoverIncidentCapReached(protocolId, Constants.MAX_INCIDENTS_PER_PROTOCOL);
        }
        uint256 window = p.claimWindow;
        // The claim can apply only to series with expiry + W > now, i.e. expiry > now - W.
        uint256 bucket = Calendar.firstExpiryAfter(block.timestamp > window ? block.timestamp - window : 0);
        uint256 deadline = block.timestamp + Constants.CLAIM_DECISION_PERIOD;
        claimId = ++_claimCount;
        _claims[claimId] = Claim({
            protocolId: protocolId,
            incidentTime: uint40(incidentTime), // <= block.timestamp, checked above
            filedAt: uint40(block.timestamp),
            bucket: uint40(bucket),
            status: ClaimStatus.Open
        });
        ClaimBucket storage b = _claimBuckets[protocolId][bucket];
        b.open += 1;
        b.lastDeadline = uint40(deadline); // filings come in time order, so this only grows
        emit ClaimFiled(claimId, protocolId, incidentTime, block.timestamp, bucket, deadline);
    }

    /// @inheritdoc ICoverMarketResolverActions
    function decideClaim(uint64 claimId, bool accepted, uint256 payout) external override {
        Claim storage c = _claims[claimId];
        ClaimStatus status = c.status;
        if (status == ClaimStatus.None) revert CoverUnknownClaim(claimId);
        uint32 protocolId = c.protocolId;
        Protocol storage p = _resolverProtocol(protocolId);
        if (status != ClaimStatus.Open) revert CoverClaimNotOpen(claimId);
        if (accepted) {
            uint256 deadline = uint256(c.filedAt) + Constants.CLAIM_DECISION_PERIOD;
            if (block.timestamp >= deadline) revert CoverClaimDeadlinePassed(claimId, deadline);
            if (payout > Constants.WAD) revert CoverInvalidPayout(payout);
        } else {
            payout = 0;
        }
        c.status = accepted ? ClaimStatus.Accepted : ClaimStatus.Denied;
        _claimBuckets[protocolId][c.bucket].open -= 1;
        emit ClaimDecided(claimId, protocolId, accepted, payout);
        if (accepted) _recordIncident(protocolId, p, c.incidentTime, c.filedAt, payout, claimId);
    }

    /// @inheritdoc ICoverMarketResolverActions
    function reportIncident(uint32 protocolId, uint256 incidentTime, uint256 payout)
        external
        override
        returns (uint256 incidentIndex)
    {
        Protocol storage p = _resolverProtocol(protocolId);
        _validateIncidentTime(p, incidentTime);
        if (payout > Constants.WAD) revert CoverInvalidPayout(payout);
        return _recordIncident(protocolId, p, incidentTime, block.timestamp, payout, 0);
    }

    // ---------------------------------------------------------------- series and collateral

    /// @inheritdoc ICoverMarketActions
    function createSeries(uint32 protocolId, address collateral, uint256 expiry)
        external
        override
        nonReentrant
        returns (bytes32 seriesId)
    {
        _requireNotPaused();
        Protocol storage p = _protocols[protocolId];
        if (p.resolver == address(0)) revert CoverUnknownProtocol(protocolId);
        uint256 incidentCount = p.incidentCount;
        if (incidentCount >= Constants.MAX_INCIDENTS_PER_PROTOCOL) {
            revert CoverIncidentCapReached(protocolId, Constants.MAX_INCIDENTS_PER_PROTOCOL);
        }
        _validateExpiry(expiry);
        (bool ok, uint8 decimals) = TokenMetadata.decimalsOf(collateral);
        if (!ok) revert CoverInvalidCollateral(collateral);
        if (decimals > Constants.MAX_COLLATERAL_DECIMALS) {
            revert CoverCollateralDecimalsUnsupported(collateral, decimals, Constants.MAX_COLLATERAL_DECIMALS);
        }

        seriesId = seriesIdOf(protocolId, collateral, expiry);
        Series storage s = _series[seriesId];
        if (s.collateral != address(0)) revert CoverSeriesExists(seriesId);
        s.collateral = collateral;
        s.expiry = uint40(expiry); // < now + 52 weeks, checked above
        s.createdAt = uint40(block.timestamp);
        s.decimals = decimals;
        s.protocolId = protocolId;
        s.incidentsChecked = _incidentsReportedBefore(protocolId, incidentCount, block.timestamp);

        _deployTokens(seriesId, protocolId, collateral, expiry, decimals);
    }

    /// @inheritdoc ICoverMarketActions
    function mint(bytes32 seriesId, uint256 amount, address claimTo, address noclaimTo)
        external
        override
        nonReentrant
    {
        if (amount == 0) revert CoverZeroAmount();
        if (claimTo == address(0) || noclaimTo == address(0)) revert CoverZeroRecipient();
        _requireNotPaused();
        Series storage s = _series[seriesId];
        address collateral = s.collateral;
        if (collateral == address(0)) revert CoverUnknownSeries(seriesId);
        if (block.timestamp >= s.expiry) revert CoverSeriesExpired(seriesId, s.expiry);

        // Balance-difference accounting: a token that delivers less than asked is refused.
        uint256 balanceBefore = IERC20(collateral).balanceOf(address(this));
        IERC20(collateral).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(collateral).balanceOf(address(this)) - balanceBefore;
        if (received < amount) revert CoverCollateralShortfall(collateral, amount, received);

        (address claimToken, address noclaimToken) = _seriesTokens(seriesId, s.decimals);
        ICoverToken(claimToken).mint(claimTo, amount);
        ICoverToken(noclaimToken).mint(noclaimTo, amount);
        emit Minted(seriesId, msg.sender, claimTo, noclaimTo, amount);
    }

    /// @inheritdoc ICoverMarketActions
    function merge(bytes32 seriesId, uint256 amount, address to) external override nonReentrant {
        if (amount == 0) revert CoverZeroAmount();
        if (to == address(0)) revert CoverZeroRecipient();
        Series storage s = _series[seriesId];
        address collateral = s.collateral;
        if (collateral == address(0)) revert CoverUnknownSeries(seriesId);

        (address claimToken, address noclaimToken) = _seriesTokens(seriesId, s.decimals);
        ICoverToken(claimToken).burn(msg.sender, amount);
        ICoverToken(noclaimToken).burn(msg.sender, amount);
        IERC20(collateral).safeTransfer(to, amount);
        emit Merged(seriesId, msg.sender, to, amount);
    }

    /// @inheritdoc ICoverMarketActions
    function redeem(bytes32 seriesId, uint256 claimAmount, uint256 noclaimAmount, address to)
        external
        override
        nonReentrant
        returns (uint256 collateralOut)
    {
        if (claimAmount == 0 && noclaimAmount == 0) revert CoverZeroAmount();
        if (to == address(0)) revert CoverZeroRecipient();
        Series storage s = _series[seriesId];
        address collateral = s.collateral;
        if (collateral == address(0)) revert CoverUnknownSeries(seriesId);
        uint256 payout = _settle(seriesId, s);

        (address claimToken, address noclaimToken) = _seriesTokens(seriesId, s.decimals);
        if (claimAmount != 0) ICoverToken(claimToken).burn(msg.sender, claimAmount);
        if (noclaimAmount != 0) ICoverToken(noclaimToken).burn(msg.sender, noclaimAmount);
        // Each term rounds down, so the market keeps any remainder: what a series pays out never exceeds
        // what was locked in it (see the solvency property test). A product overflows only for an amount
        // above 2^256 / 1e18 (about 1.2e59 base units): that call reverts whole, and can be made in parts.
        collateralOut =
            (claimAmount * payout) / Constants.WAD + (noclaimAmount * (Constants.WAD - payout)) / Constants.WAD;
        if (collateralOut != 0) IERC20(collateral).safeTransfer(to, collateralOut);
        emit Redeemed(seriesId, msg.sender, to, claimAmount, noclaimAmount, collateralOut);
    }

    /// @inheritdoc ICoverMarketActions
    function settle(bytes32 seriesId) external override returns (SettlementState state, uint256 payout) {
        Series storage s = _series[seriesId];
        if (s.collateral == address(0)) revert CoverUnknownSeries(seriesId);
        payout = _settle(seriesId, s);
        state = s.state;
    }

    // ---------------------------------------------------------------- guardian

    /// @inheritdoc ICoverMarketGuardian
    function pause(uint256 duration) external override onlyOwner {
        if (duration > Constants.MAX_PAUSE_DURATION) revert CoverPauseTooLong(duration, Constants.MAX_PAUSE_DURATION);
        uint256 until = block.timestamp + duration;
        _pausedUntil = uint40(until);
        emit PauseSet(msg.sender, until);
    }

    /// @inheritdoc ICoverMarketGuardian
    function unpause() external override onlyOwner {
        _pausedUntil = 0;
        emit PauseSet(msg.sender, 0);
    }

    /// @inheritdoc ICoverMarketGuardian
    function pausedUntil() external view override returns (uint256) {
        return _pausedUntil;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICoverMarketState
    function protocol(uint32 protocolId) external view override returns (Protocol memory) {
        Protocol storage p = _protocols[protocolId];
        if (p.resolver == address(0)) revert CoverUnknownProtocol(protocolId);
        return p;
    }

    /// @inheritdoc ICoverMarketState
    function incident(uint32 protocolId, uint256 incidentIndex) external view override returns (Incident memory) {
        return _incidents[protocolId][incidentIndex];
    }

    /// @inheritdoc ICoverMarketState
    function series(bytes32 seriesId) external view override returns (Series memory) {
        Series storage s = _series[seriesId];
        if (s.collateral == address(0)) revert CoverUnknownSeries(seriesId);
        return s;
    }

    /// @inheritdoc ICoverMarketState
    function claim(uint64 claimId) external view override returns (Claim memory) {
        Claim storage c = _claims[claimId];
        if (c.status == ClaimStatus.None) revert CoverUnknownClaim(claimId);
        return c;
    }

    /// @inheritdoc ICoverMarketState
    function claimBucket(uint32 protocolId, uint256 expiry) external view override returns (ClaimBucket memory) {
        return _claimBuckets[protocolId][expiry];
    }

    /// @inheritdoc ICoverMarketState
    function seriesIdOf(uint32 protocolId, address collateral, uint256 expiry) public pure override returns (bytes32) {
        return SeriesLib.id(protocolId, collateral, expiry);
    }

    /// @inheritdoc ICoverMarketState
    function seriesTokens(bytes32 seriesId) external view override returns (address claimToken, address noclaimToken) {
        Series storage s = _series[seriesId];
        if (s.collateral == address(0)) revert CoverUnknownSeries(seriesId);
        return _seriesTokens(seriesId, s.decimals);
    }

    /// @inheritdoc ICoverMarketState
    function seriesStatus(bytes32 seriesId) external view override returns (SeriesStatus memory status) {
        Series memory s = _series[seriesId];
        if (s.collateral == address(0)) revert CoverUnknownSeries(seriesId);
        if (s.state != SettlementState.Open) {
            return SeriesStatus(s.state, s.payout, _finalAt(s), true);
        }
        (SettlementState state, uint64 payout,, uint256 finalAt) = _evaluate(s);
        return SeriesStatus(state, payout, uint40(finalAt), false);
    }

    // ---------------------------------------------------------------- internals

    /// @dev The series' payout, recording its settlement on first use; reverts if it has none yet.
    function _settle(bytes32 seriesId, Series storage s) private returns (uint256) {
        if (s.state != SettlementState.Open) return s.payout;
        (SettlementState state, uint64 payout, uint256 checked, uint256 finalAt) = _evaluate(s);
        if (state == SettlementState.Open) revert CoverNotSettled(seriesId, finalAt);
        s.state = state;
        s.payout = payout;
        s.incidentsChecked = uint8(checked); // <= MAX_INCIDENTS_PER_PROTOCOL
        emit SeriesSettled(seriesId, state, payout, checked);
        return payout;
    }

    /// @dev Settlement as a pure function of the protocol's incidents, its claim buckets and the time.
    /// Returns the state, the CLAIM payout, and `checked`: the applying incident's index if ByIncident,
    /// else the number of incidents known not to apply. `finalAt`: see SeriesStatus.
    function _evaluate(Series memory s)
        private
        view
        returns (SettlementState state, uint64 payout, uint256 checked, uint256 finalAt)
    {
        Protocol storage p = _protocols[s.protocolId];
        uint256 count = p.incidentCount;
        uint256 filingEnd = uint256(s.expiry) + p.claimWindow;
        // The first reported incident that applies fixes the payout: incidents are scanned in report order.
        for (uint256 i = s.incidentsChecked; i < count; ++i) {
            Incident memory inc = _incidents[s.protocolId][i];
            if (inc.incidentTime >= s.createdAt && inc.incidentTime < s.expiry && inc.filedAt < filingEnd) {
                return (SettlementState.ByIncident, inc.payout, i, inc.reportedAt);
            }
        }
        uint256 latest = filingEnd + Constants.CLAIM_DECISION_PERIOD;
        // From expiry + W + D no claim that could apply can be open (every deadline lies before it).
        if (block.timestamp >= latest) return (SettlementState.ByTime, 0, count, filingEnd);
        if (block.timestamp < filingEnd) return (SettlementState.Open, 0, count, filingEnd);
        uint256 hold = _claimHold(s.protocolId, s.expiry);
        if (hold == 0) return (SettlementState.ByTime, 0, count, filingEnd);
        return (SettlementState.Open, 0, count, hold < latest ? hold : latest);
    }

    /// @dev Until when open claims may still apply to the series of `expiry` (0 if none may), for a time
    /// at or after its expiry + W. Such a claim was filed before expiry + W and is undecided with its
    /// deadline still ahead, so it was filed after now - D >= expiry + W - D: its bucket (the first expiry
    /// after filing - W) lies in (expiry - D, expiry]. Conservative: an undecided claim in those buckets
    /// holds the series until the bucket's last deadline, whatever its incident time.
    function _claimHold(uint32 protocolId, uint256 expiry) private view returns (uint256 hold) {
        for (uint256 b = expiry; b + Constants.CLAIM_DECISION_PERIOD > expiry; b -= Constants.WEEK) {
            ClaimBucket memory bucket = _claimBuckets[protocolId][b];
            if (bucket.open != 0 && bucket.lastDeadline > block.timestamp && bucket.lastDeadline > hold) {
                hold = bucket.lastDeadline;
            }
        }
    }

    /// @dev `finalAt` of a recorded settlement.
    function _finalAt(Series memory s) private view returns (uint40) {
        if (s.state == SettlementState.ByIncident) return _incidents[s.protocolId][s.incidentsChecked].reportedAt;
        return uint40(uint256(s.expiry) + _protocols[s.protocolId].claimWindow);
    }

    /// @dev Appends an incident; reverts at the protocol's cap.
    function _recordIncident(
        uint32 protocolId,
        Protocol storage p,
        uint256 incidentTime,
        uint256 filedAt,
        uint256 payout,
        uint64 claimId
    ) private returns (uint256 index) {
        index = p.incidentCount;
        if (index >= Constants.MAX_INCIDENTS_PER_PROTOCOL) {
            revert CoverIncidentCapReached(protocolId, Constants.MAX_INCIDENTS_PER_PROTOCOL);
        }
        // Both times are <= block.timestamp and payout <= 1e18, checked by the callers.
        _incidents[protocolId][index] = Incident({
            incidentTime: uint40(incidentTime),
            filedAt: uint40(filedAt),
            reportedAt: uint40(block.timestamp),
            payout: uint64(payout),
            claimId: claimId
        });
        p.incidentCount = uint8(index + 1);
        emit IncidentReported(protocolId, index, claimId, incidentTime, filedAt, payout);
    }

    /// @dev How many of the protocol's first `count` incidents were reported before `time`: those cannot
    /// apply to a series created at `time`, since their incident time is before it.
    function _incidentsReportedBefore(uint32 protocolId, uint256 count, uint256 time) private view returns (uint8) {
        while (count > 0 && _incidents[protocolId][count - 1].reportedAt >= time) --count;
        return uint8(count); // <= MAX_INCIDENTS_PER_PROTOCOL
    }

    function _resolverProtocol(uint32 protocolId) private view returns (Protocol storage p) {
        p = _protocols[protocolId];
        address resolver = p.resolver;
        if (resolver == address(0)) revert CoverUnknownProtocol(protocolId);
        if (resolver != msg.sender) revert CoverNotResolver(protocolId, msg.sender);
    }

    function _validateIncidentTime(Protocol storage p, uint256 incidentTime) private view {
        if (incidentTime > block.timestamp) revert CoverIncidentInFuture(incidentTime, block.timestamp);
        if (incidentTime < p.registeredAt) revert CoverIncidentBeforeRegistration(incidentTime, p.registeredAt);
    }

    function _validateExpiry(uint256 expiry) private view {
        if (expiry <= block.timestamp) revert CoverExpiryNotInFuture(expiry, block.timestamp);
        if (!Calendar.isExpiry(expiry)) revert CoverExpiryOffCalendar(expiry);
        uint256 latest = block.timestamp + Constants.MAX_EXPIRY_AHEAD;
        if (expiry > latest) revert CoverExpiryTooFar(expiry, latest);
    }

    function _validateTicker(string calldata ticker) private pure {
        bytes calldata t = bytes(ticker);
        if (t.length == 0 || t.length > Constants.MAX_TICKER_LENGTH) revert CoverInvalidTicker(ticker);
        for (uint256 i; i < t.length; ++i) {
            bytes1 c = t[i];
            if (!((c >= "A" && c <= "Z") || (c >= "0" && c <= "9"))) revert CoverInvalidTicker(ticker);
        }
    }

    function _requireNotPaused() private view {
        uint256 until = _pausedUntil;
        if (block.timestamp < until) revert CoverPaused(until);
    }

    /// @dev Deploys the two clones and announces the series.
    function _deployTokens(bytes32 seriesId, uint32 protocolId, address collateral, uint256 expiry, uint8 decimals)
        private
    {
        address claimToken = Clones.cloneDeterministicWithImmutableArgs(
            tokenImplementation, SeriesLib.tokenArgs(seriesId, Side.Claim, decimals), seriesId
        );
        address noclaimToken = Clones.cloneDeterministicWithImmutableArgs(
            tokenImplementation, SeriesLib.tokenArgs(seriesId, Side.Noclaim, decimals), seriesId
        );
        emit SeriesCreated(
            seriesId,
            protocolId,
            collateral,
            expiry,
            block.timestamp,
            claimToken,
            noclaimToken,
            decimals,
            TokenMetadata.symbolOf(collateral),
            msg.sender
        );
    }

    function _seriesTokens(bytes32 seriesId, uint8 decimals) private view returns (address claimToken, address noclaimToken) {
        return SeriesLib.tokens(address(this), tokenImplementation, seriesId, decimals);
    }
}
