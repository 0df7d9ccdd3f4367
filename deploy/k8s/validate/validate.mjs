// Validates rendered manifests offline (no cluster): every built-in kind against the Kubernetes
// OpenAPI schemas (kubernetes-models), the custom resources of the RabbitMQ operators and
// CloudNativePG against the fields their CRDs require. A kind it knows neither way is an error,
// so nothing passes unchecked.
// Usage: kubectl kustomize deploy/k8s/overlays/prod | node validate.mjs
// Prints {"errors": [...], "documents": [...]} as JSON; exits 1 when there are errors.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { customResourceErrors, isCustomResource } from "./custom-resources.mjs";

const input = readFileSync(process.argv[2] ?? 0, "utf8");
const errors = [];
const documents = [];

for (const doc of parseAllDocuments(input)) {
  if (doc.errors.length) { errors.push(...doc.errors.map(e => `YAML: ${e.message}`)); continue; }
  const manifest = doc.toJS();
  if (manifest == null) continue;
  documents.push(manifest);
  const { apiVersion, kind } = manifest;
  const where = `${apiVersion}/${kind} ${manifest.metadata?.name ?? "(no name)"}`;
  if (typeof apiVersion !== "string" || typeof kind !== "string") { errors.push(`${where}: apiVersion and kind are required`); continue; }
  if (!manifest.metadata?.name) errors.push(`${where}: metadata.name is required`);

  if (isCustomResource(apiVersion, kind)) {
    errors.push(...customResourceErrors(manifest).map(e => `${where}: ${e}`));
    continue;
  }
  let model;
  try {
    model = (await import(`kubernetes-models/${apiVersion}`))[kind];
  } catch { /* no such group/version */ }
  if (!model) { errors.push(`${where}: not a built-in kind and not a known custom resource`); continue; }
  try { new model(manifest).validate(); } catch (e) { errors.push(`${where}: ${e.message}`); }
}

console.log(JSON.stringify({ errors, documents }));
process.exit(errors.length ? 1 : 0);
