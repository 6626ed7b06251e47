/**
 * Keys from Hardhat's keystore (`npx hardhat keystore set COVER_PRIVATE_KEY`, or `--dev` for the password-less
 * development keystore), read through the keystore plugin's own configuration-variable hook, so the CLI finds
 * exactly what Hardhat would: the development keystore first, then the production one (which asks for its
 * password, and only when it holds the key). Nothing is loaded unless the environment lacks the key, and Hardhat
 * only if a keystore file exists.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { PROJECT_ROOT } from "../lib/paths.js";

/** The value stored under `name` in Hardhat's keystores, or undefined when neither holds it. */
export async function keystoreValue(name: string): Promise<string | undefined> {
  // Hardhat keeps both keystores in its global config folder (hardhat-keystore's config hook): with neither file
  // there, no keystore holds the key, and Hardhat (about a second to load) need not be asked.
  // (Its folder as the plugin finds it: through the hardhat-utils the plugin itself depends on.)
  const fromPlugin = createRequire(import.meta.resolve("@nomicfoundation/hardhat-keystore"));
  const { getConfigDir } = await import(pathToFileURL(fromPlugin.resolve("@nomicfoundation/hardhat-utils/global-dir")).href);
  const dir: string = await getConfigDir();
  if (!["keystore.json", "dev.keystore.json"].some((file) => existsSync(path.join(dir, file)))) return undefined;
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
