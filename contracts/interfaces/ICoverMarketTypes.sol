// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Types shared by the cover market's interfaces
interface ICoverMarketTypes {
    /// @notice The two sides of a series.
    enum Side {
        Claim,
        Noclaim
    }

    /// @notice How a series' payout was fixed.
    /// @dev Open: not yet. ByIncident: an applying incident fixed the CLAIM payout. ByTime: no incident
    /// applies and none can any more, so CLAIM pays 0 and NOCLAIM pays 1.
    enum SettlementState {
        Open,
        ByIncident,
        ByTime
    }

    /// @notice Where a claim stands in the core.
    enum ClaimStatus {
        None,
        Open,
        Accepted,
        Denied
    }

    /// @notice A covered protocol; nothing in it ever changes but `incidentCount`.
    struct Protocol {
        address resolver; // the contract that registered it and alone reports its claims and incidents
        uint32 claimWindow; // W: claims on a series may be filed until expiry + W, in seconds
        uint40 registeredAt; // Unix seconds; incidents before it are refused
        uint8 incidentCount; // incidents reported so far, at most MAX_INCIDENTS_PER_PROTOCOL
        string name; // readable name, e.g. "Aave v3 Ethereum"
        string ticker; // upper-case letters and digits, used in token symbols, e.g. "AAVE"
        string metadataURI; // where the terms of cover are described
    }

    /// @notice A series: one protocol, one collateral, one expiry.
    struct Series {
        address collateral; // ERC20 locked by mints and paid out by merges and redemptions
        uint40 expiry; // end of the coverage window, a calendar Friday 08:00 UTC, Unix seconds
        uint40 createdAt; // start of the coverage window, Unix seconds
        uint8 decimals; // the collateral's decimals, and so the cover tokens'
        uint32 protocolId; // the covered protocol
        uint64 payout; // CLAIM payout per token as a WAD fraction, once settled
        uint8 incidentsChecked; // the protocol's incidents [0, incidentsChecked) are known not to apply
        SettlementState state; // Open until the payout is fixed and recorded
    }

    /// @notice A claim filed through a protocol's resolver.
    struct Claim {
        uint32 protocolId; // the protocol claimed against
        uint40 incidentTime; // when the incident is said to have happened, Unix seconds
        uint40 filedAt; // when the claim was filed, Unix seconds
        uint40 bucket; // the earliest calendar expiry whose series the claim can apply to
        ClaimStatus status; // Open until decided
    }

    /// @notice An incident reported by a protocol's resolver.
    struct Incident {
        uint40 incidentTime; // when it happened, Unix seconds
        uint40 filedAt; // when its claim was filed (for a parametric report, the report itself)
        uint40 reportedAt; // when the resolver reported it, Unix seconds
        uint64 payout; // CLAIM payout per token as a WAD fraction, in [0, 1e18]
        uint64 claimId; // the claim it decided, or 0 for a direct report
    }

    /// @notice Claims filed on one protocol whose earliest applicable expiry is the same.
    struct ClaimBucket {
        uint32 open; // claims filed in it and not yet decided
        uint40 lastDeadline; // the latest decision deadline of any claim filed in it, Unix seconds
    }

    /// @notice A series' settlement as it stands at the current block.
    struct SeriesStatus {
        SettlementState state; // Open, ByIncident or ByTime, whether recorded yet or not
        uint64 payout; // CLAIM payout per token as a WAD fraction (NOCLAIM gets 1e18 - payout)
        uint40 finalAt; // Open: earliest time it may settle by time alone; ByIncident: when the incident was
        // reported; ByTime: expiry + W, from which NOCLAIM paid 1 unless a claim held it (at most until + D)
        bool recorded; // whether the settlement is already written to storage
    }
}
