/**
 * The README's walkthroughs (hedger, underwriter, liquidity provider, analyst) run as written, line by line, with
 * the real `cover` bin, against what `npm start` brings up: the full 30-day scenario on the fixed demo calendar,
 * indexed by gnd dev (the test run's one indexed market, test/cli/riskFixture.ts; this spec, which sends, runs last
 * on it). Each line must exit 0 (a refusal prints its reason, which the failure shows) and match its
 * `# expect:` comment if it has one. The deployment file goes to a temporary folder, never the project's.
 * Unlike demo.spec.ts (npm start's own output) and test/cli/ (one command at a time),
 * it follows the README as a user would.
 */
import { expect } from "chai";
import { cover } from "../cli/cliFixture.js";
import { sharedIndexedMarket } from "../cli/riskFixture.js";
import { readmeWalkthroughs } from "../shared/readmeWalkthroughs.js";

describe("README walkthroughs against npm start (30-day demo, gnd dev)", function () {
  this.timeout(600_000);
  const walkthroughs = readmeWalkthroughs();
  let dir: string;

  before(async function () {
    ({ dir } = await sharedIndexedMarket());
  });

  it("the README has one walkthrough for each kind of user", function () {
    expect(walkthroughs.map((w) => w.who)).to.deep.equal(["hedger", "underwriter", "lp", "analyst"]);
    for (const w of walkthroughs) expect(w.steps.length, w.who).to.be.at.least(3);
  });

  for (const who of ["hedger", "underwriter", "lp", "analyst"]) {
    it(`${who}: every line runs as written`, async function () {
      const w = walkthroughs.find((x) => x.who === who)!;
      for (const step of w.steps) {
        const r = await cover({ dir }, step.args);
        expect(r.code, `${step.line}\n${r.stderr}`).to.equal(0);
        expect(r.stdout.trim(), step.line).to.not.equal("");
        if (step.expect) expect(r.stdout, step.line).to.match(step.expect);
      }
    });
  }
});
