// Checks a zkgov ledger receipt in the browser: WebCrypto SHA-256 for the RFC 9162 Merkle
// hashes, WebCrypto Ed25519 for the C2SP signed notes. The server supplies data only.
"use strict";

const enc = new TextEncoder();

function b64(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
function equal(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
async function sha256(data) { return new Uint8Array(await crypto.subtle.digest("SHA-256", data)); }
const hashLeaf = (entry) => sha256(concat(new Uint8Array([0]), entry));
const hashChildren = (l, r) => sha256(concat(new Uint8Array([1]), l, r));

class CheckError extends Error {}
function need(cond, message) { if (!cond) throw new CheckError(message); }

// --- keys and signed notes (c2sp.org/signed-note) -------------------------------------------
async function parseVkey(text) {
  const t = text.trim(), a = t.indexOf("+"), b = t.indexOf("+", a + 1);
  need(a > 0 && b > a, "the public key must look like name+keyid+base64key");
  const name = t.slice(0, a), hexId = t.slice(a + 1, b), material = t.slice(b + 1);
  const raw = b64(material);
  need(raw.length === 33 && raw[0] === 1, "the public key is not an Ed25519 key");
  const id = (await sha256(concat(enc.encode(name + "\n"), raw))).slice(0, 4);
  const hex = Array.from(id, (b) => b.toString(16).padStart(2, "0")).join("");
  need(hex === hexId.toLowerCase(), "the public key's ID does not match the key");
  const key = await crypto.subtle.importKey("raw", raw.slice(1), { name: "Ed25519" }, false, ["verify"]);
  return { name, id, key };
}

async function openNote(note, vkey) {
  need(note.endsWith("\n"), "the signed note does not end with a newline");
  const cut = note.lastIndexOf("\n\n");
  need(cut >= 0, "the signed note has no signature block");
  const text = note.slice(0, cut + 1);
  for (const line of note.slice(cut + 2).split("\n").slice(0, -1)) {
    if (!line.startsWith("\u2014 ")) continue;
    const sp = line.lastIndexOf(" ");
    const name = line.slice(2, sp);
    const raw = b64(line.slice(sp + 1));
    if (name !== vkey.name || raw.length !== 68 || !equal(raw.slice(0, 4), vkey.id)) continue;
    const ok = await crypto.subtle.verify({ name: "Ed25519" }, vkey.key, raw.slice(4), enc.encode(text));
    need(ok, `the signature by ${vkey.name} does not verify`);
    return text;
  }
  throw new CheckError(`the note is not signed by ${vkey.name}`);
}

function parseCheckpoint(text) {
  const lines = text.slice(0, -1).split("\n");
  need(lines.length >= 3 && /^(0|[1-9][0-9]*)$/.test(lines[1]), "malformed checkpoint");
  const root = b64(lines[2]);
  need(root.length === 32, "the checkpoint's root is not 32 bytes");
  return { origin: lines[0], size: BigInt(lines[1]), root };
}

async function openCheckpoint(note, vkey) {
  const cp = parseCheckpoint(await openNote(note, vkey));
  need(cp.origin === vkey.name, `the checkpoint is for log ${cp.origin}, not ${vkey.name}`);
  return cp;
}

// --- RFC 9162 proofs ----------------------------------------------------------------------
async function rootFromInclusion(index, size, leaf, proof) {
  need(index < size, "the index is outside the tree");
  let fn = index, sn = size - 1n, r = leaf;
  for (const p of proof) {
    need(sn !== 0n, "the inclusion proof is too long");
    if ((fn & 1n) === 1n || fn === sn) {
      r = await hashChildren(p, r);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      r = await hashChildren(r, p);
    }
    fn >>= 1n; sn >>= 1n;
  }
  need(sn === 0n, "the inclusion proof is too short");
  return r;
}

async function verifyConsistency(size1, size2, proof, root1, root2) {
  need(size1 <= size2, `the log shrank from ${size1} to ${size2} entries`);
  if (size1 === size2) {
    need(proof.length === 0 && equal(root1, root2), "two different trees of the same size: a fork");
    return;
  }
  if (size1 === 0n) { need(proof.length === 0, "a proof from the empty tree must be empty"); return; }
  let path = proof;
  if ((size1 & (size1 - 1n)) === 0n) path = [root1, ...proof];
  need(path.length > 0, "the consistency proof is empty");
  let fn = size1 - 1n, sn = size2 - 1n;
  while ((fn & 1n) === 1n) { fn >>= 1n; sn >>= 1n; }
  let fr = path[0], sr = path[0];
  for (const c of path.slice(1)) {
    need(sn !== 0n, "the consistency proof is too long");
    if ((fn & 1n) === 1n || fn === sn) {
      fr = await hashChildren(c, fr);
      sr = await hashChildren(c, sr);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      sr = await hashChildren(sr, c);
    }
    fn >>= 1n; sn >>= 1n;
  }
  need(sn === 0n && equal(fr, root1) && equal(sr, root2),
       "the log is not consistent with that checkpoint: entries were removed or rewritten");
}

async function fetchConsistency(size1, size2) {
  const res = await fetch(`v1/consistency?from=${size1}&to=${size2}`);
  need(res.ok, `the server gave no consistency proof (${res.status})`);
  const body = await res.json();
  return body.consistency_proof.map(b64);
}

// --- the page -----------------------------------------------------------------------------
function report(id, state, text) {
  const li = document.createElement("li");
  li.id = id; li.className = state; li.textContent = text;
  document.getElementById("checks").appendChild(li);
}

async function step(id, label, fn) {
  try {
    const detail = await fn();
    report(id, "ok", `${label}${detail ? ": " + detail : ""}`);
    return true;
  } catch (err) {
    report(id, "fail", `${label}: ${err instanceof CheckError ? err.message : "error: " + err}`);
    return false;
  }
}

async function checkReceipt() {
  document.getElementById("checks").replaceChildren();
  const verdict = document.getElementById("verdict");
  verdict.className = ""; verdict.textContent = "checking…";
  let vkey, receipt, cp, current;
  let ok = await step("check-key", "public key", async () => {
    vkey = await parseVkey(document.getElementById("vkey").value);
    return vkey.name;
  });
  ok = ok && await step("check-receipt", "receipt", async () => {
    try { receipt = JSON.parse(document.getElementById("receipt").value); }
    catch (e) { throw new CheckError("not valid JSON"); }
    need(receipt && receipt.format === "zkgov-ledger-receipt", "not a zkgov ledger receipt");
    need(receipt.origin === vkey.name, `the receipt is for log ${receipt.origin}, not ${vkey.name}`);
    return `entry ${receipt.index} of ${receipt.origin}`;
  });
  ok = ok && await step("check-signature", "checkpoint signed by the log", async () => {
    cp = await openCheckpoint(receipt.checkpoint, vkey);
    need(cp.size === BigInt(receipt.tree_size), "the checkpoint is for another tree size");
    return `tree of ${cp.size} entries`;
  });
  ok = ok && await step("check-leaf", "entry hash", async () => {
    need(typeof receipt.entry === "string", "the receipt carries no entry");
    need(equal(await hashLeaf(enc.encode(receipt.entry)), b64(receipt.leaf_hash)),
         "the entry does not hash to the receipt's leaf hash");
    return "the entry hashes to the leaf";
  });
  ok = ok && await step("check-inclusion", "inclusion in the signed tree", async () => {
    const root = await rootFromInclusion(BigInt(receipt.index), BigInt(receipt.tree_size),
                                         b64(receipt.leaf_hash), receipt.inclusion_proof.map(b64));
    need(equal(root, cp.root), "the inclusion proof does not lead to the signed root");
    return `entry ${receipt.index} is in the tree of ${cp.size} entries`;
  });
  ok = ok && await step("check-current", "the log's current checkpoint", async () => {
    const res = await fetch("checkpoint", { cache: "no-store" });
    need(res.ok, `the server gave no checkpoint (${res.status})`);
    current = await openCheckpoint(await res.text(), vkey);
    await verifyConsistency(cp.size, current.size, await fetchConsistency(cp.size, current.size),
                            cp.root, current.root);
    return `${current.size} entries, consistent with the receipt's tree`;
  });
  const keptText = document.getElementById("kept").value.trim();
  if (keptText) {
    ok = await step("check-kept", "consistent with the checkpoint you kept", async () => {
      need(current, "no current checkpoint to compare with");
      const kept = await openCheckpoint(keptText + "\n", vkey);
      need(kept.size <= current.size, `the log shrank: you kept ${kept.size} entries, it now has ${current.size}`);
      await verifyConsistency(kept.size, current.size, await fetchConsistency(kept.size, current.size),
                              kept.root, current.root);
      return `your checkpoint of ${kept.size} entries is a prefix of today's log`;
    }) && ok;
  } else {
    report("check-kept", "skip", "no kept checkpoint given: keep this log's current checkpoint for next time");
  }
  verdict.className = ok ? "valid" : "invalid";
  verdict.textContent = ok ? "VALID: the entry is in the log, and the log is consistent"
                           : "INVALID: see the failed check below";
}

document.getElementById("check").addEventListener("click", checkReceipt);
document.getElementById("receipt-file").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (file) document.getElementById("receipt").value = await file.text();
});
document.getElementById("server-key").addEventListener("click", async () => {
  const res = await fetch("v1/vkey");
  if (res.ok) document.getElementById("vkey").value = (await res.text()).trim();
});
