// Runs ffjavascript's own g1m_subAffine -> batchToAffine -> batchLEMtoU (the steps of
// snarkjs's circuit hash) on pairs of raw 64-byte points: argv[2] is node_modules, stdin a
// JSON list of [hi_hex, lo_hex], stdout the JSON list of 64-byte results in hex.
const ff = require(require("path").join(process.argv[2], "ffjavascript"));

(async () => {
  const pairs = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const curve = await ff.buildBn128(true);
  const out = [];
  for (const [hi, lo] of pairs) {
    const task = [
      {cmd: "ALLOCSET", var: 0, buff: Uint8Array.from(Buffer.from(hi, "hex"))},
      {cmd: "ALLOCSET", var: 1, buff: Uint8Array.from(Buffer.from(lo, "hex"))},
      {cmd: "ALLOC", var: 2, len: 96},
      {cmd: "CALL", fnName: "g1m_subAffine", params: [{var: 0}, {var: 1}, {var: 2}]},
      {cmd: "CALL", fnName: "g1m_batchToAffine", params: [{var: 2}, {val: 1}, {var: 2}]},
      {cmd: "CALL", fnName: "g1m_batchLEMtoU", params: [{var: 2}, {val: 1}, {var: 2}]},
      {cmd: "GET", out: 0, var: 2, len: 64},
    ];
    const res = await curve.tm.queueAction(task);
    out.push(Buffer.from(res[0]).toString("hex"));
  }
  process.stdout.write(JSON.stringify(out));
  await curve.terminate();
})();
