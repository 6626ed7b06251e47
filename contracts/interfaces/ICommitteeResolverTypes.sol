// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Types of the committee resolver
interface ICommitteeResolverTypes {
    /// @notice Where a claim stands in the resolver.
    /// @dev Open: voting, until every voter has voted or the voting period V has passed (only a denial
    /// closes it early). Passed: voting closed with M or more acceptances; it waits to be recorded, in
    /// incident-time order, once its incident time + F has passed. Accepted: recorded in the market as an
    /// incident. Denied: acceptance could no longer reach M, or voting closed with fewer. Expired: the
    /// market's decision deadline passed before it was recorded (a denial for the market). CapReached: it
    /// passed, but earlier incidents had taken every incident slot of the protocol (the fee is refunded).
    enum ClaimStatus {
        None,
        Open,
        Accepted,
        Denied,
        Expired,
        Passed,
        CapReached
    }

    /// @notice Everything a protocol is registered with, in the transaction that registers it in the market.
    struct Registration {
        string name; // the protocol's readable name in the market, 1 to 64 bytes
        string ticker; // its ticker in the market: 1 to 12 upper-case letters or digits
        string metadataURI; // where the terms of cover are described
        uint256 claimWindow; // W, in seconds: claims on a series may be filed until its expiry + W
        uint32 filingWindow; // F, in seconds: a claim must be filed within F of its incident time; F <= W
        uint32 votingPeriod; // V, in seconds: voting on a claim closes V after its filing; F + V + 1 day <= D
        address[] members; // the first committee, N distinct non-zero addresses, N <= MAX_COMMITTEE_SIZE
        uint8 threshold; // M: votes that accept a claim or change the committee, 1 <= M <= N
        IERC20 feeToken; // the token claim fees are paid in (plain ERC20: fee-on-transfer tokens are refused)
        uint96 baseFee; // the fee of a claim with no other claim in its escalation window, in fee token units, > 0
        uint96 feeCap; // the highest fee, in fee token units, >= baseFee
        address deniedFeeReceiver; // receives the fees of denied and expired claims; never a committee member
    }

    /// @notice A protocol's fixed settings and its fee escalation state.
    struct ProtocolConfig {
        IERC20 feeToken; // the token claim fees are paid in; zero for an unknown protocol
        uint32 epoch; // the current committee's number, from 1; claims remember the epoch they were filed in
        uint8 threshold; // M of the current committee
        uint8 size; // N of the current committee
        uint8 incidents; // claims recorded in the market as incidents: the market's incident count for the protocol
        address deniedFeeReceiver; // receives the fees of denied and expired claims
        uint40 feeWindowStart; // when the current fee escalation window opened, Unix seconds
        uint16 feeWindowClaims; // claims filed since it opened
        uint96 baseFee; // fee of the first claim of a window, in fee token units
        uint96 feeCap; // highest fee, in fee token units
        uint32 filingWindow; // F, in seconds
        uint32 votingPeriod; // V, in seconds
    }

    /// @notice A claim as the resolver keeps it; its id is the market's claim id.
    struct ClaimRecord {
        address claimant; // who filed it and paid the fee; refunded on acceptance
        uint96 fee; // the fee paid, in the protocol's fee token units
        uint32 protocolId; // the protocol claimed against
        uint32 epoch; // the committee epoch at filing: its members are the claim's voters
        uint40 filedAt; // Unix seconds; voting closes at filedAt + V, the market's deadline is filedAt + D
        ClaimStatus status; // see ClaimStatus
        uint8 size; // N of the committee at filing
        uint8 threshold; // M of the committee at filing
        uint8 accepts; // voters who accepted so far
        uint8 denials; // voters who denied so far
        uint32 voted; // bit i set: the committee seat i (0-based) has voted
        uint64 requestedPayout; // the payout the claimant asked for, as a WAD fraction
        uint40 incidentTime; // when the incident happened, Unix seconds: the claim's place in the queue
        uint64 payout; // from the close of voting: the lower median of all accepting payouts, a WAD fraction
        uint64 prev; // the claim before it in the protocol's queue of undecided claims (0: none)
        uint64 next; // the claim after it in that queue (0: none)
    }

    /// @notice A proposed change of a protocol's committee, voted on by the committee it would replace.
    struct Proposal {
        uint32 protocolId; // the protocol whose committee it would replace
        uint32 epoch; // the committee epoch it was made in: only that committee approves it
        uint40 createdAt; // Unix seconds; it lapses PROPOSAL_LIFETIME after
        uint8 threshold; // M of the proposed committee
        uint8 approvals; // members of `epoch` who approved so far
        uint32 approved; // bit i set: seat i of `epoch` approved
        bool executed; // whether it became the committee
        address[] members; // the proposed committee
    }
}
