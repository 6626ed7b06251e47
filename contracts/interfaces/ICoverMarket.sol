// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarketActions} from "./ICoverMarketActions.sol";
import {ICoverMarketResolverActions} from "./ICoverMarketResolverActions.sol";
import {ICoverMarketGuardian} from "./ICoverMarketGuardian.sol";
import {ICoverMarketState} from "./ICoverMarketState.sol";
import {ICoverMarketEvents} from "./ICoverMarketEvents.sol";
import {ICoverMarketErrors} from "./ICoverMarketErrors.sol";

/// @title The cover market
/// @notice One contract holds the collateral of every series and settles it. For each covered protocol,
/// collateral and calendar expiry, anyone locks collateral and receives equal amounts of CLAIM (paid
/// the payout p of the first incident that applies) and NOCLAIM (paid 1 - p, or 1 when no incident applies).
/// @dev Split by concern, joined here.
interface ICoverMarket is
    ICoverMarketActions,
    ICoverMarketResolverActions,
    ICoverMarketGuardian,
    ICoverMarketState,
    ICoverMarketEvents,
    ICoverMarketErrors
{}
