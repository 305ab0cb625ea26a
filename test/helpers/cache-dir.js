/**
 * Jest global setup and teardown: processes the tests spawn (the built bin) keep their result cache in a folder of
 * their own, removed afterwards, not in the user's ~/.cache. In-process runs (runCli) pass no environment: no cache.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function cacheDir() {
  if (process.env.EKS_MIGRATE_TEST_CACHE) {
    fs.rmSync(process.env.EKS_MIGRATE_TEST_CACHE, { recursive: true, force: true });
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksm-test-cache-'));
  process.env.EKS_MIGRATE_TEST_CACHE = dir;
  process.env.EKS_MIGRATE_CACHE_DIR = dir;
};
