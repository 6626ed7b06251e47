// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Types of the cover vaults
/// @notice Fractions and rates are WADs (1e18 = 100%); amounts are raw units of the vault's collateral, which
/// its positions' NOCLAIM tokens share; times are Unix seconds.
interface ICoverVaultTypes {
    /// @notice One protocol of a book as its creator gives it.
    struct ProtocolTerms {
        uint32 protocolId; // a protocol registered in the market
        uint64 cap; // largest exposure (NOCLAIM face x maximum payout) as a WAD share of net assets, <= 0.5e18
        uint64 minRate; // least yearly premium rate as a WAD (simple rate: premium / face / years to expiry)
    }

    /// @notice Everything a vault is created with; none of it changes but the caps (down) and the stops.
    struct VaultParams {
        address collateral; // the ERC20 the vault holds and writes cover in
        string name; // the share token's name
        string symbol; // the share token's symbol
        address curator; // may only lower caps and stop new underwriting (zero: nobody)
        ProtocolTerms[] protocols; // the book, at least one, each protocol once
        uint8 tenorWeeks; // N: the vault writes the last Friday of the month at least N weeks ahead, 1 to 47
        uint32 noticePeriod; // seconds between a cash exit's request and its payment, >= TWAP window + longest W
        uint64 spotTolerance; // largest relative gap between a pool's spot and its guarded TWAP price, WAD
        uint64 windowFraction; // most of a protocol's cap written per TWAP window, WAD in (0, 1]
        uint64 maxImpact; // largest shortfall of a sale's average price below the pre-trade spot price, WAD < 1
    }

    /// @notice One protocol of the book as the vault reports it.
    struct BookEntry {
        uint32 protocolId; // the protocol
        uint32 claimWindow; // its W, read from the market at creation (it never changes), seconds
        uint64 cap; // largest exposure as a WAD share of net assets at the low mark; only ever lowered
        uint64 minRate; // least yearly premium rate, WAD
        bool stopped; // the curator stopped new underwriting of it
        uint40 windowStart; // when the current TWAP window of writing began
        uint128 windowWritten; // NOCLAIM face written since windowStart
        uint128 face; // NOCLAIM face held of this protocol, summed over its positions when read
    }

    /// @notice A series the vault holds NOCLAIM of, from its own ledger (one storage slot).
    struct Position {
        uint128 noclaim; // NOCLAIM held, by the ledger (tokens sent to the vault count for nothing)
        uint64 costPrice; // what a unit cost (1 less the premium per unit), WAD, averaged over the sales, rounded down
        uint32 protocolId; // the series' protocol
        uint8 index; // its place in the position list
    }

    /// @notice A cash exit waiting for its notice to pass; one per owner (a new request adds to it).
    struct RedeemRequest {
        uint128 shares; // shares held by the vault for the owner, still exposed
        uint128 assets; // what they were worth at the low mark when requested (the most they can be paid)
        uint40 requestedAt; // the latest request's time; the notice runs from it
    }

    /// @notice Why the gate (cash exits and deposits) is shut, if it is.
    enum Gate {
        Open,
        ClaimPending, // a protocol of the book has an undecided claim or pending proof (subject: the protocol id)
        IncidentApplied, // a held series has an applied incident and is not yet harvested (subject: the series id)
        NoPrice // cash exits only: a live position has no guarded TWAP (subject: the series id)
    }
}
