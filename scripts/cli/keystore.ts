/**
 * Keys from Hardhat's keystore (`npx hardhat keystore set COVER_PRIVATE_KEY`, or `--dev` for the password-less
 * development keystore), read through the keystore plugin's own configuration-variable hook, so the CLI finds
 * exactly what Hardhat would: the development keystore first, then the production one (which asks for its
 * password, and only when it holds the key). Nothing is loaded unless the environment lacks the key.
 */
import { PROJECT_ROOT } from "../lib/paths.js";

/** The value stored under `name` in Hardhat's keystores, or undefined when neither holds it. */
export async function keystoreValue(name: string): Promise<string | undefined> {
  const [{ configVariable }, { createHardhatRuntimeEnvironment }, { default: keystorePlugin }] = await Promise.all([
    import("hardhat/config"),
    import("hardhat/hre"),
    import("@nomicfoundation/hardhat-keystore"),
  ]);
  const hre = await createHardhatRuntimeEnvironment({ plugins: [keystorePlugin] }, {}, PROJECT_ROOT);
  // A default ("") makes the plugin look at the production keystore's key names before asking for its password:
  // no prompt unless the key is there. The chain's last handler (here) answers "not found".
  const value: string = await hre.hooks.runHandlerChain("configurationVariables", "fetchValue", [configVariable(name, { default: "" })], async () => "");
  return value === "" ? undefined : value;
}
