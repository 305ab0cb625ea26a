/**
 * Values written away from where they are used (issue 20): before/after fixtures of our own for each shape the
 * configuration graph follows, run in memory through the version rules like every rule fixture (byte-for-byte
 * outputs, exact findings, a second run that changes nothing).
 * - upgrade/ (clusters at 1.33, --target 1.34): per-environment .tfvars in an env folder (one at the target already,
 *   CRLF and non-ASCII), a Terragrunt unit reading region.hcl and passing an add-on map through a `for` expression,
 *   variable defaults mirrored in a locals catalog, one kube-proxy literal shared by a 1.33 and a 1.32 cluster
 *   (fan-out), for_each over an add-on map in terraform.tfvars, a shell default feeding an eksctl heredoc;
 * - hold/ (clusters at 1.32, --target 1.33): AL2 through a local, a conditional per environment, node group
 *   defaults from .tfvars, Karpenter classes in a heredoc, yamlencode and a template file, an AL2 SSM parameter
 *   built from the version two modules down; and a control where every branch is AL2023 (bumped).
 */
import * as path from 'path';
import { fixtureTests } from './helpers/fixtures';

const RULES = ['cluster-version', 'addon-versions', 'node-ami-version', 'cluster-autoscaler'];

describe('value flow: upgrade to 1.34', () => {
  fixtureTests(path.join(__dirname, 'value-flow', 'upgrade'), RULES, { options: { target: '1.34', today: '2026-12-06' } });
});

describe('value flow: the AL2 hold at 1.33', () => {
  fixtureTests(path.join(__dirname, 'value-flow', 'hold'), RULES, { options: { target: '1.33', today: '2026-12-06' } });
});
