// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {ICoverMarketTypes} from "../interfaces/ICoverMarketTypes.sol";
import {ICoverRouter} from "../interfaces/ICoverRouter.sol";
import {ICoverRouterTypes} from "../interfaces/ICoverRouterTypes.sol";
import {ICoverRiskOracle} from "../interfaces/ICoverRiskOracle.sol";
import {ICoverRiskReports} from "../interfaces/ICoverRiskReports.sol";
import {ICoverVault} from "../interfaces/ICoverVault.sol";
import {Calendar} from "../libraries/Calendar.sol";
import {Constants} from "../libraries/Constants.sol";
import {SeriesLib} from "../libraries/SeriesLib.sol";
import {PoolAddress} from "../periphery/libraries/PoolAddress.sol";
import {PriceMath} from "../periphery/libraries/PriceMath.sol";

/// @title Cover vault: pooled, auto-rolling underwriting of a fixed book
/// @notice See ICoverVault. Every mutating call is non-reentrant, validates, writes the ledger, then makes its
/// first state-changing external call (views of the market and the oracle may come before). Price views are
/// `nonReentrantView`: nothing can read a mark while a call of the vault is under way.
contract CoverVault is ICoverVault, ERC4626, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Math for uint256;

    /// @inheritdoc ICoverVault
    uint256 public constant override MAX_POSITIONS = 16;

    uint256 private constant WAD = Constants.WAD;
    /// @dev Largest cap, a WAD share of net assets.
    uint256 private constant MAX_CAP = 0.5e18;
    /// @dev Longest tenor rule N, in weeks: N weeks plus the <= 5 weeks to a month's last Friday stay within the
    /// calendar's 52 weeks.
    uint256 private constant MAX_TENOR_WEEKS = 47;
    /// @dev A year for the rate floor, in seconds.
    uint256 private constant YEAR = 365 days;
    /// @dev Virtual shares per unit of collateral, as OpenZeppelin's offset (10^6): against the donation attack.
    uint8 private constant DECIMALS_OFFSET = 6;

    ICoverMarket private immutable _market;
    ICoverRouter private immutable _router;
    ICoverRiskReports private immutable _oracle;
    address private immutable _curator;
    address private immutable _collateral;
    uint256 private immutable _tenorWeeks;
    uint256 private immutable _notice;
    uint256 private immutable _twapWindow;
    uint256 private immutable _spotTolerance;
    uint256 private immutable _windowFraction;
    uint256 private immutable _maxImpact;
    address private immutable _tokenImplementation;
    uint8 private immutable _collateralDecimals;
    address private immutable _poolFactory;
    uint24 private immutable _poolFee;

    /// @dev A protocol of the book in storage: what underwriting writes sits in the first slot beside the cap.
    struct BookSlot {
        uint128 windowWritten; // NOCLAIM face written since windowStart
        uint64 cap; // see BookEntry
        uint40 windowStart;
        uint32 protocolId; // (second slot: read by underwrite, never written by it)
        uint32 claimWindow;
        uint64 minRate;
        bool stopped;
    }

    /// @dev The book, in creation order, and each protocol's place in it plus one.
    BookSlot[] private _book;
    mapping(uint32 protocolId => uint256) private _bookIndex;
    /// @dev Series held, the first `_positionCount` of them, and each one's position (its `index` is its place here).
    bytes32[16] private _positionIds;
    mapping(bytes32 seriesId => Position) private _positions;
    /// @dev Idle collateral, by the ledger.
    uint248 private _idle;
    /// @dev Positions held, beside idle in one slot (both change together).
    uint8 private _positionCount;
    /// @dev Cash exit requests.
    mapping(address owner => RedeemRequest) private _requests;

    constructor(VaultParams memory p, ICoverMarket market_, ICoverRouter router_, ICoverRiskReports oracle_)
        ERC20(p.name, p.symbol)
        ERC4626(IERC20(p.collateral))
    {
        if (p.collateral == address(0)) revert CoverVaultZeroCollateral();
        uint256 count = p.protocols.length;
        if (count == 0) revert CoverVaultEmptyBook();
        if (p.tenorWeeks == 0 || p.tenorWeeks > MAX_TENOR_WEEKS) revert CoverVaultInvalidTenor(p.tenorWeeks);
        if (p.spotTolerance > WAD || p.windowFraction == 0 || p.windowFraction > WAD || p.maxImpact >= WAD) {
            revert CoverVaultInvalidGuards(p.spotTolerance, p.windowFraction, p.maxImpact);
        }
        uint256 window = oracle_.defaultTwapConfig().window;
        uint256 longestWindow;
        uint256 needed;
        for (uint256 i; i < count; ++i) {
            ProtocolTerms memory t = p.protocols[i];
            if (t.cap == 0 || t.cap > MAX_CAP) revert CoverVaultInvalidCap(t.protocolId, t.cap);
            if (_bookIndex[t.protocolId] != 0) revert CoverVaultDuplicateProtocol(t.protocolId);
            uint32 claimWindow = market_.protocol(t.protocolId).claimWindow; // reverts for an unknown protocol
            if (claimWindow > longestWindow) longestWindow = claimWindow;
            needed += _positionBound(p.tenorWeeks, claimWindow);
            _book.push(BookSlot(0, t.cap, 0, t.protocolId, claimWindow, t.minRate, false));
            _bookIndex[t.protocolId] = i + 1;
        }
        if (needed > MAX_POSITIONS) revert CoverVaultBookTooLarge(needed, MAX_POSITIONS);
        if (p.noticePeriod < window + longestWindow) revert CoverVaultNoticeTooShort(p.noticePeriod, window + longestWindow);

        _market = market_;
        _router = router_;
        _oracle = oracle_;
        _curator = p.curator;
        _collateral = p.collateral;
        _tenorWeeks = p.tenorWeeks;
        _notice = p.noticePeriod;
        _twapWindow = window;
        _spotTolerance = p.spotTolerance;
        _windowFraction = p.windowFraction;
        _maxImpact = p.maxImpact;
        _tokenImplementation = market_.tokenImplementation();
        _collateralDecimals = decimals() - DECIMALS_OFFSET;
        _poolFactory = oracle_.factory();
        _poolFee = oracle_.fee();
        IERC20(p.collateral).forceApprove(address(router_), type(uint256).max);
    }

    /// @dev The most series of one protocol that can be held at once without a harvest being possible: a
    /// series written at s expires in [s + N weeks, s + N weeks + 5 weeks) and is final by expiry + W + D at
    /// the latest, so the series held unharvestable at t expire within (t - W - D, t + N weeks + 5 weeks);
    /// month ends are at least 4 weeks apart.
    function _positionBound(uint256 tenorWeeks, uint256 claimWindow) private pure returns (uint256) {
        uint256 span = tenorWeeks * Constants.WEEK + 5 * Constants.WEEK + claimWindow + Constants.CLAIM_DECISION_PERIOD;
        return span / (4 * Constants.WEEK) + 1;
    }

    modifier onlyCurator() {
        if (msg.sender != _curator || msg.sender == address(0)) revert CoverVaultNotCurator(msg.sender);
        _;
    }

    // ---------------------------------------------------------------- writing cover

    /// @inheritdoc ICoverVault
    function underwrite(uint32 protocolId)
        external
        override
        nonReentrant
        returns (bytes32 seriesId, uint256 face, uint256 premium)
    {
        uint256 bi = _bookIndex[protocolId];
        if (bi == 0) revert CoverVaultUnknownProtocol(protocolId);
        BookSlot storage b = _book[bi - 1];
        if (b.stopped) revert CoverVaultUnderwritingStopped(protocolId);
        uint256 expiry = _tenorExpiry(block.timestamp);
        seriesId = SeriesLib.id(protocolId, _collateral, expiry);
        if (_claimPending(protocolId, b.claimWindow)) revert CoverVaultClaimPending(protocolId, seriesId);

        ICoverRiskOracle.RiskReading memory twap = _oracle.twapRisk(seriesId);
        if (twap.status != ICoverRiskOracle.PriceStatus.Ok) revert CoverVaultNoTwap(seriesId, twap.status);
        (uint256 spotClaim, uint256 spotNoclaim) = _spotPrices(seriesId);
        _checkSpot(seriesId, 0, spotClaim, twap.claimPrice);
        _checkSpot(seriesId, 1, spotNoclaim, twap.noclaimPrice);

        Position storage pos = _positions[seriesId];
        bool fresh = pos.noclaim == 0;
        if (fresh && _positionCount >= MAX_POSITIONS) revert CoverVaultTooManyPositions(MAX_POSITIONS);

        // Never below the rate floor (simple yearly rate over the time to expiry, rounded up), nor further below
        // the pre-trade spot than the impact bound.
        // minRate < 2^64 and the time to expiry < 2^26 s; prices < 2^60: the products fit in 256 bits.
        uint256 floorPrice = Math.ceilDiv(uint256(b.minRate) * (expiry - block.timestamp), YEAR);
        if (spotClaim < floorPrice) revert CoverVaultBelowRateFloor(protocolId, spotClaim, floorPrice);
        uint256 minPrice = Math.max(floorPrice, Math.ceilDiv(spotClaim * (WAD - _maxImpact), WAD));

        (uint256 low,,,) = _lowMark();
        uint256 held = _protocolFace(protocolId);
        face = _capacity(b, low, held, twap, minPrice);
        uint256 minPremium = Math.ceilDiv(face * minPrice, WAD); // face <= idle < 2^248 and minPrice < 2^60

        // Ledger first, at the least premium the router may return; the excess is added after the sale.
        _idle = SafeCast.toUint248(_idle - face + minPremium);
        uint256 before = pos.noclaim;
        uint256 costBefore = before * pos.costPrice;
        uint8 index = pos.index;
        if (fresh) {
            index = _positionCount;
            _positionIds[index] = seriesId;
            _positionCount = index + 1;
        }
        // One write of the position's slot.
        _positions[seriesId] = Position(
            SafeCast.toUint128(before + face),
            uint64((costBefore + (face - minPremium) * WAD) / (before + face)),
            protocolId,
            index
        );
        b.windowWritten += uint128(face);

        premium = _router.underwrite(
            ICoverRouterTypes.UnderwriteParams(seriesId, face, minPremium, address(this), block.timestamp)
        );
        // The router returns at least minPremium (it reverts CoverRouterInsufficientOutput otherwise).
        uint256 extra = premium - minPremium;
        if (extra != 0) {
            _idle = SafeCast.toUint248(_idle + extra);
            pos.costPrice = uint64((costBefore + (face - premium) * WAD) / (before + face));
        }
        emit Underwritten(protocolId, seriesId, face, premium, held + face, low);
    }

    /// @dev The face the guards let the vault write now: idle collateral; exposure within cap x the low mark
    /// after the sale; the window's share of the cap. Starts a new window if the last one has passed.
    function _capacity(BookSlot storage b, uint256 low, uint256 held, ICoverRiskOracle.RiskReading memory twap, uint256 minPrice)
        private
        returns (uint256 face)
    {
        uint256 cap = b.cap;
        // Plain products: low (collateral units) < 2^190 is all they need to fit, with cap, k and fractions <= 1e18.
        uint256 capAssets = (low * cap) / WAD;
        // The new NOCLAIM is marked low at m = min(1, NOCLAIM TWAP, 1 - CLAIM TWAP), and the sale brings at least
        // minPrice per unit, so the low mark falls by at most face x k, k = max(0, 1 - m - minPrice). The cap
        // holds after the sale if (held + face) <= cap x (low - face x k), i.e. face <= (cap x low - held) /
        // (1 + cap x k).
        uint256 m = Math.min(Math.min(WAD, twap.noclaimPrice), WAD - twap.claimPrice);
        uint256 k = WAD > m + minPrice ? WAD - m - minPrice : 0;
        uint256 capRoom = capAssets > held ? ((capAssets - held) * WAD) / (WAD + Math.ceilDiv(cap * k, WAD)) : 0;
        if (block.timestamp >= uint256(b.windowStart) + _twapWindow) {
            b.windowStart = uint40(block.timestamp);
            b.windowWritten = 0;
        }
        uint256 windowCap = (capAssets * _windowFraction) / WAD;
        uint256 windowRoom = windowCap > b.windowWritten ? windowCap - b.windowWritten : 0;
        face = Math.min(_idle, Math.min(capRoom, windowRoom));
        if (face == 0) revert CoverVaultNoCapacity(b.protocolId, _idle, capRoom, windowRoom);
    }

    /// @dev Refuses a spot price further from the TWAP than the tolerance (relative to the TWAP).
    function _checkSpot(bytes32 seriesId, uint8 side, uint256 spotPrice, uint256 twapPrice) private view {
        uint256 gap = spotPrice > twapPrice ? spotPrice - twapPrice : twapPrice - spotPrice;
        if (gap * WAD > twapPrice * _spotTolerance) revert CoverVaultSpotOffTwap(seriesId, side, spotPrice, twapPrice);
    }

    /// @inheritdoc ICoverVault
    function harvest(bytes32 seriesId) external override nonReentrant returns (uint256 proceeds) {
        Position memory pos = _positions[seriesId];
        if (pos.noclaim == 0) revert CoverVaultUnknownPosition(seriesId);
        ICoverMarketTypes.SeriesStatus memory status = _market.seriesStatus(seriesId);
        if (status.state == ICoverMarketTypes.SettlementState.Open) revert CoverVaultNotSettled(seriesId, status.finalAt);
        // The core's own formula, each term rounded down.
        proceeds = (uint256(pos.noclaim) * (WAD - status.payout)) / WAD;
        _idle = SafeCast.toUint248(_idle + proceeds);
        _removePosition(seriesId, pos.index);
        _market.redeem(seriesId, 0, pos.noclaim, address(this));
        emit Harvested(
            pos.protocolId, seriesId, pos.noclaim, proceeds, status.payout, uint256(pos.noclaim) * pos.costPrice / WAD
        );
    }

    // ---------------------------------------------------------------- entries

    /// @inheritdoc IERC4626
    function deposit(uint256 assets, address receiver) public override(ERC4626, IERC4626) nonReentrant returns (uint256 shares) {
        uint256 high = _openHighMark();
        shares = _toShares(assets, high, Math.Rounding.Floor);
        _enter(receiver, assets, shares);
    }

    /// @inheritdoc IERC4626
    function mint(uint256 shares, address receiver) public override(ERC4626, IERC4626) nonReentrant returns (uint256 assets) {
        uint256 high = _openHighMark();
        assets = _toAssets(shares, high, Math.Rounding.Ceil);
        _enter(receiver, assets, shares);
    }

    /// @dev The high mark, if deposits are open.
    function _openHighMark() private view returns (uint256 high) {
        (Gate reason, bytes32 subject) = _claimGate();
        if (reason != Gate.Open) revert CoverVaultGateShut(reason, subject);
        bytes32 incident;
        (high, incident) = _highMark();
        if (incident != bytes32(0)) revert CoverVaultGateShut(Gate.IncidentApplied, incident);
    }

    function _enter(address receiver, uint256 assets, uint256 shares) private {
        if (assets == 0 || shares == 0) revert CoverVaultZeroAmount();
        _idle = SafeCast.toUint248(_idle + assets);
        _mint(receiver, shares);
        IERC20(_collateral).safeTransferFrom(msg.sender, address(this), assets);
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    // ---------------------------------------------------------------- exits

    /// @inheritdoc ICoverVault
    function redeemInKind(uint256 shares, address receiver)
        external
        override
        nonReentrant
        returns (uint256 collateral, bytes32[] memory seriesIds, uint256[] memory noclaim)
    {
        if (shares == 0) revert CoverVaultZeroAmount();
        uint256 denominator = totalSupply() + 10 ** DECIMALS_OFFSET;
        _burn(msg.sender, shares);
        uint256 idleBefore = _idle;
        collateral = idleBefore.mulDiv(shares, denominator);
        _idle = uint248(idleBefore - collateral);
        uint256 n = _positionCount;
        seriesIds = new bytes32[](n);
        noclaim = new uint256[](n);
        uint256 sent;
        // Backwards, so that closing a position (swap with the last, pop) never skips one.
        for (uint256 i = n; i > 0; --i) {
            bytes32 id = _positionIds[i - 1];
            Position storage pos = _positions[id];
            // noclaim < 2^128 and shares <= supply, so the product fits (a supply of 2^128 would need 10^26 whole
            // units of a 12-decimal share).
            uint256 amount = pos.noclaim;
            uint256 out = (amount * shares) / denominator;
            if (out == 0) continue;
            // out <= amount: shares < denominator.
            pos.noclaim = uint128(amount - out);
            seriesIds[sent] = id;
            noclaim[sent] = out;
            unchecked {
                ++sent; // at most n <= 16
            }
            if (amount == out) _removePosition(id, pos.index);
        }
        if (collateral == 0 && sent == 0) revert CoverVaultZeroAmount();
        assembly ("memory-safe") {
            mstore(seriesIds, sent)
            mstore(noclaim, sent)
        }
        if (collateral != 0) IERC20(_collateral).safeTransfer(receiver, collateral);
        for (uint256 i; i < sent; ++i) {
            IERC20(_noclaimToken(seriesIds[i])).safeTransfer(receiver, noclaim[i]);
        }
        emit RedeemedInKind(msg.sender, receiver, shares, collateral, sent);
    }

    /// @inheritdoc ICoverVault
    function requestRedeem(uint256 shares) external override nonReentrant returns (uint256 maturesAt) {
        if (shares == 0) revert CoverVaultZeroAmount();
        (uint256 low,,,) = _lowMark();
        uint256 assets = _toAssets(shares, low, Math.Rounding.Floor);
        _transfer(msg.sender, address(this), shares);
        RedeemRequest storage r = _requests[msg.sender];
        r.shares += uint128(shares);
        r.assets += uint128(assets);
        r.requestedAt = uint40(block.timestamp);
        maturesAt = block.timestamp + _notice;
        emit RedeemRequested(msg.sender, shares, assets, r.shares, r.assets, maturesAt);
    }

    /// @inheritdoc ICoverVault
    function cancelRedeemRequest() external override nonReentrant returns (uint256 shares) {
        shares = _requests[msg.sender].shares;
        if (shares == 0) revert CoverVaultZeroAmount();
        delete _requests[msg.sender];
        _transfer(address(this), msg.sender, shares);
        emit RedeemRequestCancelled(msg.sender, shares);
    }

    /// @inheritdoc IERC4626
    /// @dev Pays a matured request (see ICoverVault): `shares` of it, at the lower of its two low marks.
    function redeem(uint256 shares, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        nonReentrant
        returns (uint256 assets)
    {
        (RedeemRequest storage r, uint256 low) = _payableRequest(owner, shares);
        assets = _cashValue(r, shares, low);
        _payCash(r, owner, receiver, shares, assets);
    }

    /// @inheritdoc IERC4626
    /// @dev Pays `assets` from a matured request, burning the fewest shares that are worth them at both marks.
    function withdraw(uint256 assets, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        nonReentrant
        returns (uint256 shares)
    {
        if (msg.sender != owner) revert CoverVaultCallerNotOwner(msg.sender, owner);
        if (assets == 0) revert CoverVaultZeroAmount();
        RedeemRequest storage r = _requests[owner];
        if (r.assets == 0) revert CoverVaultExceedsRequest(owner, 0, r.shares);
        (uint256 low,,,) = _lowMark();
        shares = Math.max(
            assets.mulDiv(r.shares, r.assets, Math.Rounding.Ceil), _toShares(assets, low, Math.Rounding.Ceil)
        );
        (r, low) = _payableRequest(owner, shares);
        _payCash(r, owner, receiver, shares, assets);
    }

    /// @dev The owner's request if `shares` of it can be paid now, and the low mark.
    function _payableRequest(address owner, uint256 shares) private view returns (RedeemRequest storage r, uint256 low) {
        if (msg.sender != owner) revert CoverVaultCallerNotOwner(msg.sender, owner);
        if (shares == 0) revert CoverVaultZeroAmount();
        r = _requests[owner];
        if (shares > r.shares) revert CoverVaultExceedsRequest(owner, shares, r.shares);
        uint256 maturesAt = uint256(r.requestedAt) + _notice;
        if (block.timestamp < maturesAt) revert CoverVaultRequestNotMatured(owner, maturesAt);
        Gate reason;
        bytes32 subject;
        (reason, subject, low) = _cashGate();
        if (reason != Gate.Open) revert CoverVaultGateShut(reason, subject);
    }

    /// @dev What `shares` of a request are paid: the lower of their value at request and at the low mark now.
    function _cashValue(RedeemRequest storage r, uint256 shares, uint256 low) private view returns (uint256) {
        return Math.min(uint256(r.assets).mulDiv(shares, r.shares), _toAssets(shares, low, Math.Rounding.Floor));
    }

    function _payCash(RedeemRequest storage r, address owner, address receiver, uint256 shares, uint256 assets) private {
        if (assets == 0) revert CoverVaultZeroAmount();
        if (assets > _idle) revert CoverVaultInsufficientIdle(_idle, assets);
        // The request keeps at most its remaining shares' part of its value (rounded against the owner).
        uint256 taken = Math.min(r.assets, uint256(r.assets).mulDiv(shares, r.shares, Math.Rounding.Ceil));
        r.assets -= uint128(taken);
        r.shares -= uint128(shares);
        _idle = uint248(_idle - assets);
        _burn(address(this), shares);
        IERC20(_collateral).safeTransfer(receiver, assets);
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
    }

    // ---------------------------------------------------------------- curator

    /// @inheritdoc ICoverVault
    function lowerCap(uint32 protocolId, uint64 newCap) external override onlyCurator nonReentrant {
        BookSlot storage b = _entry(protocolId);
        if (newCap >= b.cap) revert CoverVaultCapNotLowered(protocolId, b.cap, newCap);
        emit CapLowered(protocolId, b.cap, newCap);
        b.cap = newCap;
    }

    /// @inheritdoc ICoverVault
    function stopUnderwriting(uint32 protocolId) external override onlyCurator nonReentrant {
        BookSlot storage b = _entry(protocolId);
        b.stopped = true;
        emit UnderwritingStopped(protocolId);
    }

    function _entry(uint32 protocolId) private view returns (BookSlot storage) {
        uint256 bi = _bookIndex[protocolId];
        if (bi == 0) revert CoverVaultUnknownProtocol(protocolId);
        return _book[bi - 1];
    }

    // ---------------------------------------------------------------- ERC-4626 views

    /// @inheritdoc IERC4626
    /// @dev The low mark.
    function totalAssets() public view override(ERC4626, IERC4626) nonReentrantView returns (uint256 low) {
        (low,,,) = _lowMark();
    }

    /// @inheritdoc IERC4626
    /// @dev Unlimited while the gate is open, zero while it is shut.
    function maxDeposit(address) public view override(ERC4626, IERC4626) nonReentrantView returns (uint256) {
        return _depositsOpen() ? type(uint256).max : 0;
    }

    /// @inheritdoc IERC4626
    function maxMint(address) public view override(ERC4626, IERC4626) nonReentrantView returns (uint256) {
        return _depositsOpen() ? type(uint256).max : 0;
    }

    /// @inheritdoc IERC4626
    /// @dev At the high mark.
    function previewDeposit(uint256 assets) public view override(ERC4626, IERC4626) nonReentrantView returns (uint256) {
        (uint256 high,) = _highMark();
        return _toShares(assets, high, Math.Rounding.Floor);
    }

    /// @inheritdoc IERC4626
    /// @dev At the high mark.
    function previewMint(uint256 shares) public view override(ERC4626, IERC4626) nonReentrantView returns (uint256) {
        (uint256 high,) = _highMark();
        return _toAssets(shares, high, Math.Rounding.Ceil);
    }

    /// @inheritdoc IERC4626
    /// @dev Reverts: cash exits are asynchronous (ERC-7540); see maxWithdraw.
    function previewWithdraw(uint256) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert CoverVaultAsyncExit();
    }

    /// @inheritdoc IERC4626
    /// @dev Reverts: cash exits are asynchronous (ERC-7540); see maxRedeem.
    function previewRedeem(uint256) public pure override(ERC4626, IERC4626) returns (uint256) {
        revert CoverVaultAsyncExit();
    }

    /// @inheritdoc IERC4626
    /// @dev The shares of the owner's matured request that can be paid now (zero while the gate is shut), as
    /// many as idle collateral covers; may underestimate by rounding, never overestimates.
    function maxRedeem(address owner) public view override(ERC4626, IERC4626) nonReentrantView returns (uint256) {
        return _maxRedeem(owner);
    }

    /// @inheritdoc IERC4626
    /// @dev What maxRedeem's shares pay.
    function maxWithdraw(address owner) public view override(ERC4626, IERC4626) nonReentrantView returns (uint256) {
        uint256 shares = _maxRedeem(owner);
        if (shares == 0) return 0;
        (,, uint256 low) = _cashGate();
        return _cashValue(_requests[owner], shares, low);
    }

    function _maxRedeem(address owner) private view returns (uint256 shares) {
        RedeemRequest storage r = _requests[owner];
        if (r.shares == 0 || block.timestamp < uint256(r.requestedAt) + _notice) return 0;
        (Gate reason,, uint256 low) = _cashGate();
        if (reason != Gate.Open) return 0;
        uint256 full = _cashValue(r, r.shares, low);
        if (full == 0) return 0;
        if (full <= _idle) return r.shares;
        shares = uint256(r.shares).mulDiv(uint256(_idle), full);
        uint256 value = shares == 0 ? 0 : _cashValue(r, shares, low);
        if (value == 0 || value > _idle) return 0;
    }

    function _depositsOpen() private view returns (bool) {
        (Gate reason,) = _claimGate();
        if (reason != Gate.Open) return false;
        (, bytes32 incident) = _highMark();
        return incident == bytes32(0);
    }

    /// @dev OpenZeppelin's conversions use totalAssets(), the low mark.
    function _decimalsOffset() internal pure override returns (uint8) {
        return DECIMALS_OFFSET;
    }

    // ---------------------------------------------------------------- ICoverVault views

    /// @inheritdoc ICoverVault
    function market() external view override returns (ICoverMarket) {
        return _market;
    }

    /// @inheritdoc ICoverVault
    function router() external view override returns (ICoverRouter) {
        return _router;
    }

    /// @inheritdoc ICoverVault
    function riskOracle() external view override returns (ICoverRiskReports) {
        return _oracle;
    }

    /// @inheritdoc ICoverVault
    function curator() external view override returns (address) {
        return _curator;
    }

    /// @inheritdoc ICoverVault
    function book() external view override returns (BookEntry[] memory entries) {
        uint256 n = _book.length;
        entries = new BookEntry[](n);
        for (uint256 i; i < n; ++i) {
            BookSlot memory b = _book[i];
            entries[i] = BookEntry(
                b.protocolId,
                b.claimWindow,
                b.cap,
                b.minRate,
                b.stopped,
                b.windowStart,
                b.windowWritten,
                uint128(_protocolFace(b.protocolId))
            );
        }
    }

    /// @inheritdoc ICoverVault
    function terms() external view override returns (uint256, uint256, uint256, uint256, uint256, uint256) {
        return (_tenorWeeks, _notice, _twapWindow, _spotTolerance, _windowFraction, _maxImpact);
    }

    /// @inheritdoc ICoverVault
    function tenorExpiry(uint256 time) external view override returns (uint256) {
        return _tenorExpiry(time);
    }

    /// @inheritdoc ICoverVault
    function idle() external view override nonReentrantView returns (uint256) {
        return _idle;
    }

    /// @inheritdoc ICoverVault
    function positions() external view override nonReentrantView returns (bytes32[] memory seriesIds, Position[] memory held) {
        uint256 n = _positionCount;
        seriesIds = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            seriesIds[i] = _positionIds[i];
        }
        held = new Position[](n);
        for (uint256 i; i < seriesIds.length; ++i) {
            held[i] = _positions[seriesIds[i]];
        }
    }

    /// @inheritdoc ICoverVault
    function marks() external view override nonReentrantView returns (uint256 high, uint256 low, bool priced) {
        (high,) = _highMark();
        bytes32 unpriced;
        (low, unpriced,,) = _lowMark();
        priced = unpriced == bytes32(0);
    }

    /// @inheritdoc ICoverVault
    function gate(bool forCash) external view override nonReentrantView returns (Gate reason, bytes32 subject) {
        if (forCash) {
            (reason, subject,) = _cashGate();
            return (reason, subject);
        }
        (reason, subject) = _claimGate();
        if (reason != Gate.Open) return (reason, subject);
        (, bytes32 incident) = _highMark();
        if (incident != bytes32(0)) return (Gate.IncidentApplied, incident);
    }

    /// @inheritdoc ICoverVault
    function redeemRequest(address owner) external view override returns (RedeemRequest memory request, uint256 maturesAt) {
        request = _requests[owner];
        maturesAt = request.shares == 0 ? 0 : uint256(request.requestedAt) + _notice;
    }

    // ---------------------------------------------------------------- internals: marks and gate

    /// @dev Shares for `assets` against net assets `total`, with OpenZeppelin's virtual shares and asset.
    function _toShares(uint256 assets, uint256 total, Math.Rounding rounding) private view returns (uint256) {
        return assets.mulDiv(totalSupply() + 10 ** DECIMALS_OFFSET, total + 1, rounding);
    }

    /// @dev Assets for `shares` against net assets `total`.
    function _toAssets(uint256 shares, uint256 total, Math.Rounding rounding) private view returns (uint256) {
        return shares.mulDiv(total + 1, totalSupply() + 10 ** DECIMALS_OFFSET, rounding);
    }

    /// @dev The high mark: idle, live NOCLAIM at face, settled NOCLAIM at its redemption value; and the first held
    /// series with an applied incident (zero if none).
    function _highMark() private view returns (uint256 high, bytes32 incident) {
        high = _idle;
        uint256 n = _positionCount;
        for (uint256 i; i < n; ++i) {
            bytes32 id = _positionIds[i];
            uint256 amount = _positions[id].noclaim;
            ICoverMarketTypes.SeriesStatus memory s = _market.seriesStatus(id);
            if (s.state == ICoverMarketTypes.SettlementState.Open) {
                high += amount;
            } else {
                high += (amount * (WAD - s.payout)) / WAD;
                if (s.state == ICoverMarketTypes.SettlementState.ByIncident && incident == bytes32(0)) incident = id;
            }
        }
    }

    /// @dev The low mark (see ICoverVault), the first live position without a guarded TWAP and the first with an
    /// applied incident of non-zero payout (zero if none), and the number of positions.
    function _lowMark() private view returns (uint256 low, bytes32 unpriced, bytes32 incident, uint256 n) {
        low = _idle;
        n = _positionCount;
        for (uint256 i; i < n; ++i) {
            bytes32 id = _positionIds[i];
            Position storage pos = _positions[id];
            uint256 amount = pos.noclaim;
            ICoverRiskOracle.RiskReading memory r = _oracle.twapRisk(id);
            uint256 price;
            if (r.status == ICoverRiskOracle.PriceStatus.Settled) {
                price = WAD - r.risk;
                if (r.risk != 0 && incident == bytes32(0)) incident = id;
            } else if (r.status == ICoverRiskOracle.PriceStatus.Ok) {
                price = Math.min(Math.min(WAD, r.noclaimPrice), WAD - r.claimPrice);
            } else {
                if (unpriced == bytes32(0)) unpriced = id;
                price = pos.costPrice;
                ICoverRiskOracle.RiskReading memory s = _oracle.spotRisk(id);
                if (s.status == ICoverRiskOracle.PriceStatus.Ok && WAD - s.claimPrice < price) price = WAD - s.claimPrice;
            }
            low += amount.mulDiv(price, WAD);
        }
    }

    /// @dev Whether cash exits are open, and the low mark.
    function _cashGate() private view returns (Gate reason, bytes32 subject, uint256 low) {
        (reason, subject) = _claimGate();
        bytes32 unpriced;
        bytes32 incident;
        (low, unpriced, incident,) = _lowMark();
        if (reason != Gate.Open) return (reason, subject, low);
        if (incident != bytes32(0)) return (Gate.IncidentApplied, incident, low);
        if (unpriced != bytes32(0)) return (Gate.NoPrice, unpriced, low);
    }

    /// @dev The first protocol of the book with a claim pending, if any.
    function _claimGate() private view returns (Gate, bytes32) {
        uint256 n = _book.length;
        for (uint256 i; i < n; ++i) {
            BookSlot storage b = _book[i];
            if (_claimPending(b.protocolId, b.claimWindow)) return (Gate.ClaimPending, bytes32(uint256(b.protocolId)));
        }
        return (Gate.Open, bytes32(0));
    }

    /// @dev Whether the protocol has an undecided claim (or pending proof, which the resolver files as a claim)
    /// with its deadline ahead: such a claim was filed within the last D, so its bucket (the first expiry after
    /// filing - W) lies between the first expiry after now - D - W and the first after now - W.
    function _claimPending(uint32 protocolId, uint256 claimWindow) private view returns (bool) {
        uint256 nowTime = block.timestamp;
        uint256 lookback = Constants.CLAIM_DECISION_PERIOD + claimWindow;
        uint256 first = Calendar.firstExpiryAfter(nowTime > lookback ? nowTime - lookback : 0);
        uint256 last = Calendar.firstExpiryAfter(nowTime > claimWindow ? nowTime - claimWindow : 0);
        for (uint256 bucket = first; bucket <= last; bucket += Constants.WEEK) {
            ICoverMarketTypes.ClaimBucket memory cb = _market.claimBucket(protocolId, bucket);
            if (cb.open != 0 && cb.lastDeadline > nowTime) return true;
        }
        return false;
    }

    /// @dev The last Friday of a month at least N weeks after `time`.
    function _tenorExpiry(uint256 time) private view returns (uint256 expiry) {
        expiry = Calendar.firstExpiryAfter(time + _tenorWeeks * Constants.WEEK - 1);
        (, uint256 month,) = Calendar.civil(expiry / 1 days);
        while (true) {
            (, uint256 next,) = Calendar.civil((expiry + Constants.WEEK) / 1 days);
            if (month != next) return expiry;
            expiry += Constants.WEEK;
            month = next;
        }
    }

    /// @dev NOCLAIM face held of a protocol, over its positions.
    function _protocolFace(uint32 protocolId) private view returns (uint256 face) {
        uint256 n = _positionCount;
        for (uint256 i; i < n; ++i) {
            Position storage pos = _positions[_positionIds[i]];
            if (pos.protocolId == protocolId) face += pos.noclaim;
        }
    }

    /// @dev The NOCLAIM token of a series of this vault's collateral.
    function _noclaimToken(bytes32 seriesId) private view returns (address) {
        return _coverToken(seriesId, ICoverMarketTypes.Side.Noclaim);
    }

    /// @dev A cover token's address as SeriesLib.tokens computes it (a clone of the market's implementation with the
    /// immutable arguments (seriesId, side, decimals), CREATE2-salted by the series id), from fixed-size pieces:
    /// OpenZeppelin's clone code with 34 bytes of arguments is 0x61 004f 3d81600a3d39f3363d3d373d3d3d363d73
    /// <implementation> 5af43d82803e903d91602b57fd5bf3 <arguments> (0x4f = 0x2d + 34). The specs check the tokens
    /// it finds against the market's seriesTokens (the in-kind exits and the sales would fail otherwise).
    function _coverToken(bytes32 seriesId, ICoverMarketTypes.Side side) private view returns (address) {
        bytes32 codeHash = keccak256(
            abi.encodePacked(
                bytes3(0x61004f),
                bytes17(0x3d81600a3d39f3363d3d373d3d3d363d73),
                _tokenImplementation,
                bytes15(0x5af43d82803e903d91602b57fd5bf3),
                seriesId,
                uint8(side),
                _collateralDecimals
            )
        );
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(_market), seriesId, codeHash)))));
    }

    /// @dev Spot CLAIM and NOCLAIM prices (WADs) from the pools' slot0, as the oracle's spot reading computes them;
    /// only called once the guarded TWAP has found both pools initialised.
    function _spotPrices(bytes32 seriesId) private view returns (uint256 claimPrice, uint256 noclaimPrice) {
        claimPrice = _spotPrice(_coverToken(seriesId, ICoverMarketTypes.Side.Claim));
        noclaimPrice = _spotPrice(_coverToken(seriesId, ICoverMarketTypes.Side.Noclaim));
    }

    function _spotPrice(address cover) private view returns (uint256) {
        address pool = PoolAddress.compute(_poolFactory, cover, _collateral, _poolFee);
        (uint160 sqrtPrice,,,,,,) = IUniswapV3Pool(pool).slot0();
        return PriceMath.priceWad(sqrtPrice, cover < _collateral);
    }

    /// @dev Closes a position: the last one takes its place in the list.
    function _removePosition(bytes32 seriesId, uint256 index) private {
        uint256 lastIndex = _positionCount - 1;
        if (index != lastIndex) {
            bytes32 moved = _positionIds[lastIndex];
            _positionIds[index] = moved;
            _positions[moved].index = uint8(index);
        }
        delete _positionIds[lastIndex];
        _positionCount = uint8(lastIndex);
        delete _positions[seriesId];
    }
}
