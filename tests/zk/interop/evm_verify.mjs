// Compiles a Solidity verifier with solc (npm) and runs verifyProof in an in-process EVM
// (@ethereumjs/vm), for tests/zk/interop/test_solidity.py.
//
//   node evm_verify.mjs <node_modules> <Verifier.sol> <ContractName> <cases.json>
//
// cases.json: [{"name": str, "a": [..], "b": [[..],[..]], "c": [..], "input": [..]}] with
// decimal or 0x-hex strings. Prints one JSON object: the compiler version, deployment gas and,
// per case, whether the call succeeded, what it returned and the gas it used.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const [nodeModules, solPath, contractName, casesPath] = process.argv.slice(2);
const require = createRequire(path.join(nodeModules, "noop.js"));
const solc = require("solc");
const { ethers } = require("ethers");
const load = (pkg) => import(pathToFileURL(require.resolve(pkg)).href);

function compile(source) {
    const input = {
        language: "Solidity",
        sources: { "Verifier.sol": { content: source } },
        settings: {
            optimizer: { enabled: true, runs: 200 },
            outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
        },
    };
    const output = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (output.errors || []).filter((e) => e.severity === "error");
    if (errors.length) {
        throw new Error("solc: " + errors.map((e) => e.formattedMessage).join("\n"));
    }
    const warnings = (output.errors || []).filter((e) => e.severity !== "error");
    const contract = output.contracts["Verifier.sol"][contractName];
    return { abi: contract.abi, bytecode: contract.evm.bytecode.object, warnings };
}

async function main() {
    const { createVM } = await load("@ethereumjs/vm");
    const { hexToBytes, bytesToHex } = await load("@ethereumjs/util");
    const { abi, bytecode, warnings } = compile(fs.readFileSync(solPath, "utf8"));
    const vm = await createVM();
    const gasLimit = 30_000_000n;
    const deployed = await vm.evm.runCall({ data: hexToBytes("0x" + bytecode), gasLimit });
    if (deployed.execResult.exceptionError) {
        throw new Error("deployment failed: " + deployed.execResult.exceptionError.error);
    }
    const iface = new ethers.utils.Interface(abi);
    const results = {};
    for (const c of JSON.parse(fs.readFileSync(casesPath, "utf8"))) {
        const data = iface.encodeFunctionData("verifyProof", [c.a, c.b, c.c, c.input]);
        const run = await vm.evm.runCall({
            to: deployed.createdAddress,
            data: hexToBytes(data),
            gasLimit,
        });
        const err = run.execResult.exceptionError;
        const ret = bytesToHex(run.execResult.returnValue);
        results[c.name] = {
            success: !err,
            error: err ? String(err.error) : null,
            returned: err ? null : iface.decodeFunctionResult("verifyProof", ret)[0],
            gas: Number(run.execResult.executionGasUsed),
        };
    }
    console.log(JSON.stringify({
        solc: solc.version(),
        deploy_gas: Number(deployed.execResult.executionGasUsed),
        warnings: warnings.map((w) => w.message),
        results,
    }));
}

main().catch((err) => { console.error(String(err && err.stack || err)); process.exit(1); });
