import type { NextConfig } from "next";
import path from "node:path";

const config: NextConfig = {
  // The shop uses the portal's node_modules (one install for both).
  turbopack: { root: path.join(__dirname, "../..") },
  outputFileTracingRoot: path.join(__dirname, "../.."),
};

export default config;
