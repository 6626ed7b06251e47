// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {ICommitteeResolver} from "../interfaces/ICommitteeResolver.sol";
import {Constants} from "../libraries/Constants.sol";
import {ClaimFee} from "./libraries/ClaimFee.sol";
import {Median} from "./libraries/Median.sol";

/// @title Committee resolver: claims decided by an M-of-N claim validity committee per protocol
/// @notice See ICommitteeResolver. Holds only claim fees, never collateral; has no owner.
contract CommitteeResolver is ICommitteeResolver, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc ICommitteeResolver
    ICoverMarket public immutable override market;

    /// @inheritdoc ICommitteeResolver
    uint256 public constant override MAX_COMMITTEE_SIZE = 32;
    /// @inheritdoc ICommitteeResolver
    uint256 public constant override FEE_ESCALATION_WINDOW = Constants.CLAIM_DECISION_PERIOD;
    /// @inheritdoc ICommitteeResolver
    uint256 public constant override PROPOSAL_LIFETIME = 14 days;
    /// @inheritdoc ICommitteeResolver
    uint256 public constant override FINALIZE_MARGIN = 1 days;

    /// @dev Most queued claims a vote or a close decides on its way (anyone decides more with recordClaims).
    uint256 private constant AUTO_RECORD_LIMIT = 4;

    /// @dev Accepted payouts are kept as uint64 WAD fractions, four to a storage word, in vote order.
    uint256 private constant PAYOUTS_PER_WORD = 4;

    /// @dev Proposals made so far; proposal ids run from 1.
    uint64 private _proposalCount;

    mapping(uint32 protocolId => ProtocolConfig) private _protocols;
    mapping(uint32 protocolId => mapping(uint32 epoch => address[])) private _members;
    mapping(uint32 protocolId => mapping(uint32 epoch => uint8)) private _thresholds;
    /// @dev A member's seat in the committee of an epoch, plus one (0: not a member).
    mapping(uint32 protocolId => mapping(uint32 epoch => mapping(address account => uint256))) private _seats;
    mapping(uint64 claimId => ClaimRecord) private _claims;
    /// @dev The payouts of a claim's accepting votes, packed (see PAYOUTS_PER_WORD).
    mapping(uint64 claimId => uint256[MAX_COMMITTEE_SIZE / PAYOUTS_PER_WORD]) private _acceptedPayouts;
    mapping(uint64 proposalId => Proposal) private _proposals;
    mapping(address token => mapping(address account => uint256)) private _held;
    /// @dev Each protocol's undecided (Open or Passed) claims, a list sorted by (incident time, claim id).
    mapping(uint32 protocolId => Queue) private _queues;

    /// @dev The ends of a protocol's claim queue (0: empty).
    struct Queue {
        uint64 head;
        uint64 tail;
    }

    constructor(ICoverMarket market_) {
        market = market_;
    }

    // ---------------------------------------------------------------- registration

    /// @inheritdoc ICommitteeResolver
    function registerProtocol(Registration calldata r) external override returns (uint32 protocolId) {
        _validateCommittee(r.members, r.threshold, r.deniedFeeReceiver);
        if (address(r.feeToken).code.length == 0) revert CommitteeInvalidFeeToken(address(r.feeToken));
        if (r.baseFee == 0 || r.baseFee > r.feeCap) revert CommitteeInvalidFee(r.baseFee, r.feeCap);
        // Every claim is filed by t + F and closed by filing + V, so the last of them is recorded by
        // t + F + V at the latest: at least FINALIZE_MARGIN before the market's deadline filing + D >= t + D.
        uint256 decisionPeriod = Constants.CLAIM_DECISION_PERIOD;
        if (
            r.filingWindow == 0 || r.filingWindow > r.claimWindow || r.votingPeriod == 0
                || uint256(r.filingWindow) + r.votingPeriod + FINALIZE_MARGIN > decisionPeriod
        ) {
            revert CommitteeInvalidTiming(r.filingWindow, r.votingPeriod, r.claimWindow, FINALIZE_MARGIN, decisionPeriod);
        }

        protocolId = market.registerProtocol(r.name, r.ticker, r.metadataURI, r.claimWindow);
        ProtocolConfig storage p = _protocols[protocolId];
        p.feeToken = r.feeToken;
        p.deniedFeeReceiver = r.deniedFeeReceiver;
        p.baseFee = r.baseFee;
        p.feeCap = r.feeCap;
        p.filingWindow = r.filingWindow;
        p.votingPeriod = r.votingPeriod;
        emit CommitteeProtocolRegistered(
            protocolId, msg.sender, address(r.feeToken), r.baseFee, r.feeCap, FEE_ESCALATION_WINDOW, r.deniedFeeReceiver
        );
        _setCommittee(protocolId, p, 1, r.members, r.threshold, 0);
    }

    // ---------------------------------------------------------------- claims

    /// @inheritdoc ICommitteeResolver
    function fileClaim(
        uint32 protocolId,
        uint256 incidentTime,
        string calldata evidenceURI,
        uint256 requestedPayout,
        uint256 maxFee
    )
        external
        override
        nonReentrant
        returns (uint64 claimId)
    {
        ProtocolConfig storage p = _protocols[protocolId];
        IERC20 feeToken = p.feeToken;
        if (address(feeToken) == address(0)) revert CommitteeUnknownProtocol(protocolId);
        if (requestedPayout > Constants.WAD) revert CommitteeInvalidPayout(requestedPayout);
        if (bytes(evidenceURI).length == 0) revert CommitteeEmptyEvidence();
        uint256 latest = incidentTime + p.filingWindow;
        if (block.timestamp > latest) revert CommitteeFilingWindowPassed(incidentTime, latest);

        (uint256 fee, uint256 windowStart, uint256 windowClaims) = ClaimFee.next(
            p.baseFee, p.feeCap, p.feeWindowStart, p.feeWindowClaims, FEE_ESCALATION_WINDOW, block.timestamp
        );
        if (fee > maxFee) revert CommitteeFeeAboveMax(fee, maxFee);
        p.feeWindowStart = uint40(windowStart); // block.timestamp
        p.feeWindowClaims = uint16(windowClaims); // saturates at 2^16 - 1 in ClaimFee

        claimId = market.fileClaim(protocolId, incidentTime);
        (uint64 prev, uint64 next) = _enqueue(protocolId, claimId, incidentTime);
        uint32 epoch = p.epoch;
        _claims[claimId] = ClaimRecord({
            claimant: msg.sender,
            fee: uint96(fee), // <= feeCap < 2^96
            protocolId: protocolId,
            epoch: epoch,
            filedAt: uint40(block.timestamp),
            status: ClaimStatus.Open,
            size: p.size,
            threshold: p.threshold,
            accepts: 0,
            denials: 0,
            voted: 0,
            requestedPayout: uint64(requestedPayout), // <= 1e18, checked above
            incidentTime: uint40(incidentTime), // <= block.timestamp, checked by the market
            payout: 0,
            prev: prev,
            next: next
        });
        emit ClaimFiled(
            claimId,
            protocolId,
            msg.sender,
            incidentTime,
            evidenceURI,
            requestedPayout,
            address(feeToken),
            fee,
            epoch,
            block.timestamp + Constants.CLAIM_DECISION_PERIOD
        );

        // Balance-difference accounting, as the market does for collateral: a short delivery is refused,
        // so that the refund or the denied fee can always be paid in full.
        uint256 balanceBefore = feeToken.balanceOf(address(this));
        feeToken.safeTransferFrom(msg.sender, address(this), fee);
        uint256 received = feeToken.balanceOf(address(this)) - balanceBefore;
        if (received < fee) revert CommitteeFeeShortfall(address(feeToken), fee, received);
    }

    /// @inheritdoc ICommitteeResolver
    function voteClaim(uint64 claimId, bool accept, uint256 payout) external override nonReentrant {
        ClaimRecord memory c = _claims[claimId];
        _requireOpen(claimId, c.status);
        uint256 closesAt = uint256(c.filedAt) + _protocols[c.protocolId].votingPeriod;
        if (block.timestamp >= closesAt) revert CommitteeVotingClosed(claimId, closesAt);
        uint256 seat = _seats[c.protocolId][c.epoch][msg.sender];
        if (seat == 0) revert CommitteeNotVoter(claimId, msg.sender);
        uint32 bit = uint32(1 << (seat - 1)); // seat <= MAX_COMMITTEE_SIZE = 32
        if (c.voted & bit != 0) revert CommitteeAlreadyVoted(claimId, msg.sender);
        if (payout > Constants.WAD || (!accept && payout != 0)) revert CommitteeInvalidPayout(payout);

        c.voted |= bit;
        if (accept) {
            _storeAcceptedPayout(claimId, c.accepts, payout);
            c.accepts += 1; // at most size <= 32 votes in all
        } else {
            c.denials += 1;
        }
        emit ClaimVoted(claimId, c.protocolId, msg.sender, accept, payout);
        // Only a denial closes early: as soon as the voters who have not denied can no longer make M.
        // Otherwise voting closes when everyone has voted, so that every accepting payout counts.
        if (c.size - c.denials < c.threshold || c.accepts + c.denials == c.size) {
            _closeVoting(claimId, c);
        } else {
            _claims[claimId] = c;
        }
        _recordReady(c.protocolId, AUTO_RECORD_LIMIT);
    }

    /// @inheritdoc ICommitteeResolver
    function closeClaim(uint64 claimId) external override nonReentrant {
        ClaimRecord memory c = _claims[claimId];
        _requireOpen(claimId, c.status);
        uint256 closesAt = uint256(c.filedAt) + _protocols[c.protocolId].votingPeriod;
        if (block.timestamp < closesAt) revert CommitteeVotingOpen(claimId, closesAt);
        _closeVoting(claimId, c);
        _recordReady(c.protocolId, AUTO_RECORD_LIMIT);
    }

    /// @inheritdoc ICommitteeResolver
    function recordClaims(uint32 protocolId, uint256 maxClaims) external override nonReentrant returns (uint256 decided) {
        if (address(_protocols[protocolId].feeToken) == address(0)) revert CommitteeUnknownProtocol(protocolId);
        return _recordReady(protocolId, maxClaims);
    }

    /// @inheritdoc ICommitteeResolver
    function withdrawFees(address token, address to) external override nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert CommitteeZeroRecipient();
        amount = _held[token][msg.sender];
        if (amount == 0) revert CommitteeNothingHeld(token, msg.sender);
        delete _held[token][msg.sender];
        emit FeeWithdrawn(token, msg.sender, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    // ---------------------------------------------------------------- committee changes

    /// @inheritdoc ICommitteeResolver
    function proposeCommittee(uint32 protocolId, address[] calldata members, uint8 threshold)
        external
        override
        returns (uint64 proposalId)
    {
        ProtocolConfig storage p = _protocols[protocolId];
        if (address(p.feeToken) == address(0)) revert CommitteeUnknownProtocol(protocolId);
        uint32 epoch = p.epoch;
        uint256 seat = _seats[protocolId][epoch][msg.sender];
        if (seat == 0) revert CommitteeNotMember(protocolId, epoch, msg.sender);
        _validateCommittee(members, threshold, p.deniedFeeReceiver);

        proposalId = ++_proposalCount;
        Proposal storage pr = _proposals[proposalId];
        pr.protocolId = protocolId;
        pr.epoch = epoch;
        pr.createdAt = uint40(block.timestamp);
        pr.threshold = threshold;
        pr.members = members;
        emit CommitteeProposed(
            proposalId, protocolId, msg.sender, epoch, members, threshold, block.timestamp + PROPOSAL_LIFETIME
        );
        _approve(proposalId, pr, p, seat);
    }

    /// @inheritdoc ICommitteeResolver
    function approveCommittee(uint64 proposalId) external override {
        Proposal storage pr = _proposals[proposalId];
        uint32 protocolId = pr.protocolId;
        if (protocolId == 0) revert CommitteeUnknownProposal(proposalId);
        ProtocolConfig storage p = _protocols[protocolId];
        uint32 epoch = pr.epoch;
        if (pr.executed || epoch != p.epoch) revert CommitteeProposalStale(proposalId, epoch, p.epoch);
        uint256 expiresAt = uint256(pr.createdAt) + PROPOSAL_LIFETIME;
        if (block.timestamp >= expiresAt) revert CommitteeProposalExpired(proposalId, expiresAt);
        uint256 seat = _seats[protocolId][epoch][msg.sender];
        if (seat == 0) revert CommitteeNotMember(protocolId, epoch, msg.sender);
        _approve(proposalId, pr, p, seat);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICommitteeResolver
    function protocolConfig(uint32 protocolId) external view override returns (ProtocolConfig memory config) {
        config = _protocols[protocolId];
        if (address(config.feeToken) == address(0)) revert CommitteeUnknownProtocol(protocolId);
    }

    /// @inheritdoc ICommitteeResolver
    function claimFee(uint32 protocolId) external view override returns (uint256 fee) {
        ProtocolConfig storage p = _protocols[protocolId];
        if (address(p.feeToken) == address(0)) revert CommitteeUnknownProtocol(protocolId);
        (fee,,) = ClaimFee.next(
            p.baseFee, p.feeCap, p.feeWindowStart, p.feeWindowClaims, FEE_ESCALATION_WINDOW, block.timestamp
        );
    }

    /// @inheritdoc ICommitteeResolver
    function committee(uint32 protocolId, uint32 epoch)
        external
        view
        override
        returns (address[] memory members, uint8 threshold)
    {
        ProtocolConfig storage p = _protocols[protocolId];
        if (address(p.feeToken) == address(0)) revert CommitteeUnknownProtocol(protocolId);
        members = _members[protocolId][epoch];
        threshold = _thresholds[protocolId][epoch];
    }

    /// @inheritdoc ICommitteeResolver
    function claim(uint64 claimId) external view override returns (ClaimRecord memory c) {
        c = _claims[claimId];
        if (c.status == ClaimStatus.None) revert CommitteeUnknownClaim(claimId);
    }

    /// @inheritdoc ICommitteeResolver
    function voterStatus(uint64 claimId, address voter) external view override returns (bool isVoter, bool hasVoted) {
        ClaimRecord storage c = _claims[claimId];
        if (c.status == ClaimStatus.None) revert CommitteeUnknownClaim(claimId);
        uint256 seat = _seats[c.protocolId][c.epoch][voter];
        isVoter = seat != 0;
        hasVoted = isVoter && c.voted & uint32(1 << (seat - 1)) != 0;
    }

    /// @inheritdoc ICommitteeResolver
    function proposal(uint64 proposalId) external view override returns (Proposal memory pr) {
        pr = _proposals[proposalId];
        if (pr.protocolId == 0) revert CommitteeUnknownProposal(proposalId);
    }

    /// @inheritdoc ICommitteeResolver
    function claimQueue(uint32 protocolId) external view override returns (uint64[] memory ids) {
        uint256 n;
        for (uint64 id = _queues[protocolId].head; id != 0; id = _claims[id].next) ++n;
        ids = new uint64[](n);
        uint64 at = _queues[protocolId].head;
        for (uint256 i; i < n; ++i) {
            ids[i] = at;
            at = _claims[at].next;
        }
    }

    /// @inheritdoc ICommitteeResolver
    function heldFees(address token, address account) external view override returns (uint256) {
        return _held[token][account];
    }

    // ---------------------------------------------------------------- internals

    function _requireOpen(uint64 claimId, ClaimStatus status) private pure {
        if (status != ClaimStatus.Open) {
            if (status == ClaimStatus.None) revert CommitteeUnknownClaim(claimId);
            revert CommitteeClaimNotOpen(claimId, status);
        }
    }

    /// @dev Closes voting on an Open claim (`c`, as in memory, is written back): Passed with the lower
    /// median of all accepting payouts if M or more accepted, otherwise Denied at once (a denial records no
    /// incident, so its order does not matter).
    function _closeVoting(uint64 claimId, ClaimRecord memory c) private {
        if (c.accepts >= c.threshold) {
            c.status = ClaimStatus.Passed;
            c.payout = uint64(_acceptedMedian(claimId, c.accepts)); // one of the votes, each <= 1e18
            _claims[claimId] = c;
            emit ClaimPassed(claimId, c.protocolId, c.payout, uint256(c.incidentTime) + _protocols[c.protocolId].filingWindow);
        } else {
            c.status = ClaimStatus.Denied;
            _claims[claimId] = c;
            _resolve(claimId, c, 0, _protocols[c.protocolId].deniedFeeReceiver);
        }
    }

    /// @dev Decides the protocol's queued claims from the earliest incident time on, at most `limit` of them,
    /// stopping at the first that must wait: one still voting, or one whose incident time + F has not passed
    /// (a claim of an earlier incident could still be filed). So incidents reach the market in incident-time
    /// order, and at the incident cap the earliest incidents hold the slots.
    function _recordReady(uint32 protocolId, uint256 limit) private returns (uint256 decided) {
        ProtocolConfig storage p = _protocols[protocolId];
        while (decided < limit) {
            uint64 claimId = _queues[protocolId].head;
            if (claimId == 0) break;
            ClaimRecord memory c = _claims[claimId];
            if (c.status == ClaimStatus.Open) {
                if (block.timestamp < uint256(c.filedAt) + p.votingPeriod) break;
                _closeVoting(claimId, c); // Passed stays at the head; Denied left the queue
            } else if (block.timestamp >= uint256(c.filedAt) + Constants.CLAIM_DECISION_PERIOD) {
                // Nobody recorded it before the market's deadline (registration left FINALIZE_MARGIN for it).
                c.status = ClaimStatus.Expired;
                _claims[claimId] = c;
                _resolve(claimId, c, 0, c.claimant);
            } else if (block.timestamp < uint256(c.incidentTime) + p.filingWindow) {
                break;
            } else if (p.incidents >= Constants.MAX_INCIDENTS_PER_PROTOCOL) {
                // Only this resolver reports the protocol's incidents, so its count is the market's.
                c.status = ClaimStatus.CapReached;
                _claims[claimId] = c;
                _resolve(claimId, c, 0, c.claimant);
            } else {
                c.status = ClaimStatus.Accepted;
                _claims[claimId] = c;
                p.incidents += 1; // < MAX_INCIDENTS_PER_PROTOCOL = 32, checked above
                _resolve(claimId, c, c.payout, c.claimant);
            }
            ++decided;
        }
    }

    /// @dev Tells the market the outcome of a claim whose status was just written, takes it out of its
    /// protocol's queue and pays its fee.
    function _resolve(uint64 claimId, ClaimRecord memory c, uint256 payout, address feeRecipient) private {
        _dequeue(c.protocolId, claimId, c.prev, c.next);
        bool accepted = c.status == ClaimStatus.Accepted;
        emit ClaimResolved(claimId, c.protocolId, c.status, payout, feeRecipient, c.fee);
        market.decideClaim(claimId, accepted, payout);
        _payFee(_protocols[c.protocolId].feeToken, feeRecipient, c.fee);
    }

    /// @dev Links a new claim into its protocol's queue after every claim of an earlier or equal incident
    /// time, and returns its neighbours (for its record, written by the caller). Claims arrive within F of
    /// their incident, so the walk from the tail is short unless many claims of later incidents are
    /// pending, each of which paid a fee.
    function _enqueue(uint32 protocolId, uint64 claimId, uint256 incidentTime)
        private
        returns (uint64 after_, uint64 before_)
    {
        Queue storage q = _queues[protocolId];
        after_ = q.tail;
        while (after_ != 0 && _claims[after_].incidentTime > incidentTime) after_ = _claims[after_].prev;
        before_ = after_ == 0 ? q.head : _claims[after_].next;
        if (after_ == 0) q.head = claimId;
        else _claims[after_].next = claimId;
        if (before_ == 0) q.tail = claimId;
        else _claims[before_].prev = claimId;
    }

    /// @dev Takes a claim out of its protocol's queue.
    function _dequeue(uint32 protocolId, uint64 claimId, uint64 prev, uint64 next) private {
        Queue storage q = _queues[protocolId];
        if (prev == 0) q.head = next;
        else _claims[prev].next = next;
        if (next == 0) q.tail = prev;
        else _claims[next].prev = prev;
        _claims[claimId].prev = 0;
        _claims[claimId].next = 0;
    }

    /// @dev Transfers a fee, or holds it for `withdrawFees` if the token refuses (a blocked account, say):
    /// a recipient that cannot be paid never blocks a decision.
    function _payFee(IERC20 token, address to, uint256 amount) private {
        if (token.trySafeTransfer(to, amount)) return;
        _held[address(token)][to] += amount;
        emit FeeHeld(address(token), to, amount);
    }

    function _storeAcceptedPayout(uint64 claimId, uint256 index, uint256 payout) private {
        uint256 shift = (index % PAYOUTS_PER_WORD) * 64;
        // The slot's bits at `shift` are still zero: each index is written once.
        _acceptedPayouts[claimId][index / PAYOUTS_PER_WORD] |= payout << shift;
    }

    /// @dev The lower median of the claim's `count` stored accepting payouts.
    function _acceptedMedian(uint64 claimId, uint256 count) private view returns (uint256) {
        uint256[] memory payouts = new uint256[](count);
        uint256 word;
        for (uint256 i; i < count; ++i) {
            if (i % PAYOUTS_PER_WORD == 0) word = _acceptedPayouts[claimId][i / PAYOUTS_PER_WORD];
            payouts[i] = uint64(word >> ((i % PAYOUTS_PER_WORD) * 64));
        }
        return Median.lowerMedian(payouts);
    }

    function _approve(uint64 proposalId, Proposal storage pr, ProtocolConfig storage p, uint256 seat) private {
        uint32 bit = uint32(1 << (seat - 1));
        if (pr.approved & bit != 0) revert CommitteeAlreadyApproved(proposalId, msg.sender);
        pr.approved |= bit;
        uint8 approvals = pr.approvals + 1;
        pr.approvals = approvals;
        emit CommitteeProposalApproved(proposalId, pr.protocolId, msg.sender, approvals);
        if (approvals < p.threshold) return;
        pr.executed = true;
        _setCommittee(pr.protocolId, p, pr.epoch + 1, pr.members, pr.threshold, proposalId);
    }

    /// @dev Makes `members` (validated) the committee of `epoch`, the protocol's new current epoch.
    function _setCommittee(
        uint32 protocolId,
        ProtocolConfig storage p,
        uint32 epoch,
        address[] memory members,
        uint8 threshold,
        uint64 proposalId
    ) private {
        address[] storage list = _members[protocolId][epoch];
        for (uint256 i; i < members.length; ++i) {
            list.push(members[i]);
            _seats[protocolId][epoch][members[i]] = i + 1;
        }
        _thresholds[protocolId][epoch] = threshold;
        p.epoch = epoch;
        p.threshold = threshold;
        p.size = uint8(members.length); // <= MAX_COMMITTEE_SIZE, validated
        emit CommitteeChanged(protocolId, epoch, members, threshold, proposalId);
    }

    /// @dev 1 <= threshold <= size <= MAX_COMMITTEE_SIZE, members non-zero and distinct, and the
    /// denied-fee receiver non-zero and not a member.
    function _validateCommittee(address[] calldata members, uint256 threshold, address receiver) private pure {
        uint256 size = members.length;
        if (threshold == 0 || threshold > size || size > MAX_COMMITTEE_SIZE) {
            revert CommitteeInvalidSize(size, threshold, MAX_COMMITTEE_SIZE);
        }
        if (receiver == address(0)) revert CommitteeInvalidFeeReceiver(receiver);
        for (uint256 i; i < size; ++i) {
            address m = members[i];
            if (m == address(0)) revert CommitteeInvalidMember(m);
            if (m == receiver) revert CommitteeInvalidFeeReceiver(receiver);
            for (uint256 j; j < i; ++j) {
                if (members[j] == m) revert CommitteeInvalidMember(m);
            }
        }
    }
}
