// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Chainlink round ids and their phases
/// @notice A feed proxy's round id is `phaseId << 64 | aggregatorRoundId`: a phase is one underlying
/// aggregator, whose rounds count from 1. The round after (p, r) is (p, r + 1), or, across a phase
/// change, the first round (p + 1, 1) of the next phase.
library RoundId {
    uint256 internal constant PHASE_OFFSET = 64;

    /// @notice The phase of a round id.
    function phaseOf(uint80 roundId) internal pure returns (uint16) {
        return uint16(roundId >> PHASE_OFFSET);
    }

    /// @notice The round's number within its phase (its aggregator's round id).
    function aggregatorRoundOf(uint80 roundId) internal pure returns (uint64) {
        return uint64(roundId);
    }

    /// @notice The round id of round `aggregatorRound` of phase `phase`.
    function encode(uint16 phase, uint64 aggregatorRound) internal pure returns (uint80) {
        return (uint80(phase) << uint80(PHASE_OFFSET)) | uint80(aggregatorRound);
    }

    /// @notice Whether `next` is the round right after `roundId` in the same phase.
    function isNextInPhase(uint80 roundId, uint80 next) internal pure returns (bool) {
        return uint64(roundId) != type(uint64).max && next == roundId + 1;
    }

    /// @notice Whether `next` is the first round of the phase after `roundId`'s.
    function isFirstOfNextPhase(uint80 roundId, uint80 next) internal pure returns (bool) {
        return uint16(roundId >> PHASE_OFFSET) != type(uint16).max && next == encode(phaseOf(roundId) + 1, 1);
    }
}
