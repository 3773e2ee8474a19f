#!/usr/bin/env node
// axe-core in headless Chromium over HTML files: one JSON object on stdout,
// {"FILE": [{"id", "impact", "help", "nodes": [target, ...]}, ...], ...}.
// Usage: node axe-check.js [--chromium PATH] FILE.html...
// The page forbids scripts (its Content-Security-Policy), so the check bypasses
// the policy to inject axe; nothing else is loaded (no network).
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];

async function main() {
  const args = process.argv.slice(2);
  let chromium = process.env.CHROMIUM || "/usr/bin/chromium";
  const i = args.indexOf("--chromium");
  if (i >= 0) { chromium = args[i + 1]; args.splice(i, 2); }
  const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: FLAGS });
  const out = {};
  try {
    for (const file of args) {
      const page = await browser.newPage();
      await page.setBypassCSP(true);
      await page.goto("file://" + path.resolve(file), { waitUntil: "load" });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => {
        // Every rule axe runs by default, WCAG 2.x A/AA and best practices included.
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")) }));
      });
      out[file] = result;
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
}

main().catch(err => { console.error(String(err && err.stack || err)); process.exit(2); });
