// The custom resources TradeMesh uses, checked by the fields their CRDs require and the values
// the operators accept (the CRD schemas themselves are not on npm).
const quantity = /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/;

const isString = v => typeof v === "string" && v.length > 0;
const isInt = (v, min) => Number.isInteger(v) && v >= min;

function clusterReference(spec, errors) {
  if (!isString(spec?.rabbitmqClusterReference?.name)) errors.push("spec.rabbitmqClusterReference.name is required");
}

const checks = {
  "rabbitmq.com/v1beta1/RabbitmqCluster"(spec, errors) {
    if (spec === undefined) return errors.push("spec is required");
    if (spec.replicas !== undefined && !isInt(spec.replicas, 0)) errors.push("spec.replicas must be an integer >= 0");
    if (spec.image !== undefined && !isString(spec.image)) errors.push("spec.image must be a string");
    if (spec.persistence?.storage !== undefined && !quantity.test(String(spec.persistence.storage))) errors.push("spec.persistence.storage must be a quantity");
    if (spec.tls !== undefined && !isString(spec.tls.secretName)) errors.push("spec.tls.secretName is required with spec.tls");
    if (spec.rabbitmq?.additionalConfig !== undefined && typeof spec.rabbitmq.additionalConfig !== "string") errors.push("spec.rabbitmq.additionalConfig must be a string");
  },
  "rabbitmq.com/v1beta1/User"(spec, errors) {
    clusterReference(spec, errors);
    if (spec?.importCredentialsSecret !== undefined && !isString(spec.importCredentialsSecret.name)) errors.push("spec.importCredentialsSecret.name is required");
  },
  "rabbitmq.com/v1beta1/Permission"(spec, errors) {
    clusterReference(spec, errors);
    if (!isString(spec?.vhost)) errors.push("spec.vhost is required");
    if (!isString(spec?.user) && !isString(spec?.userReference?.name)) errors.push("spec.user or spec.userReference.name is required");
    for (const p of ["configure", "write", "read"])
      if (typeof spec?.permissions?.[p] !== "string") errors.push(`spec.permissions.${p} is required`);
  },
  "rabbitmq.com/v1beta1/Exchange"(spec, errors) {
    clusterReference(spec, errors);
    if (!isString(spec?.name)) errors.push("spec.name is required");
    if (spec?.type !== undefined && !["direct", "fanout", "topic", "headers"].includes(spec.type)) errors.push("spec.type must be direct, fanout, topic or headers");
  },
  "rabbitmq.com/v1beta1/Queue"(spec, errors) {
    clusterReference(spec, errors);
    if (!isString(spec?.name)) errors.push("spec.name is required");
    if (spec?.type !== undefined && !["classic", "quorum", "stream"].includes(spec.type)) errors.push("spec.type must be classic, quorum or stream");
    if (spec?.type === "quorum" && spec.durable !== true) errors.push("a quorum queue must be durable");
  },
  "rabbitmq.com/v1beta1/Binding"(spec, errors) {
    clusterReference(spec, errors);
    if (!isString(spec?.source)) errors.push("spec.source is required");
    if (!isString(spec?.destination)) errors.push("spec.destination is required");
    if (!["queue", "exchange"].includes(spec?.destinationType)) errors.push("spec.destinationType must be queue or exchange");
  },
  "postgresql.cnpg.io/v1/Cluster"(spec, errors) {
    if (spec === undefined) return errors.push("spec is required");
    if (!isInt(spec.instances, 1)) errors.push("spec.instances is required, an integer >= 1");
    if (!spec.storage?.pvcTemplate && !quantity.test(String(spec.storage?.size ?? ""))) errors.push("spec.storage.size (a quantity) or spec.storage.pvcTemplate is required");
    const sync = spec.postgresql?.synchronous;
    if (sync !== undefined) {
      if (!["any", "first"].includes(sync.method)) errors.push("spec.postgresql.synchronous.method must be any or first");
      if (!isInt(sync.number, 1)) errors.push("spec.postgresql.synchronous.number is required, an integer >= 1");
      else if (isInt(spec.instances, 1) && sync.number >= spec.instances) errors.push("spec.postgresql.synchronous.number must be below spec.instances");
      if (sync.dataDurability !== undefined && !["required", "preferred"].includes(sync.dataDurability)) errors.push("spec.postgresql.synchronous.dataDurability must be required or preferred");
    }
    for (const [k, v] of Object.entries(spec.postgresql?.parameters ?? {}))
      if (typeof v !== "string") errors.push(`spec.postgresql.parameters.${k} must be a string`);
    const initdb = spec.bootstrap?.initdb;
    if (initdb && (isString(initdb.database) !== isString(initdb.owner))) errors.push("spec.bootstrap.initdb.database and owner go together");
    for (const [i, role] of (spec.managed?.roles ?? []).entries()) {
      if (!isString(role.name)) errors.push(`spec.managed.roles[${i}].name is required`);
      if (role.ensure !== undefined && !["present", "absent"].includes(role.ensure)) errors.push(`spec.managed.roles[${i}].ensure must be present or absent`);
      if (role.passwordSecret !== undefined && !isString(role.passwordSecret.name)) errors.push(`spec.managed.roles[${i}].passwordSecret.name is required`);
    }
  },
};

export const isCustomResource = (apiVersion, kind) => `${apiVersion}/${kind}` in checks;

export function customResourceErrors(manifest) {
  const errors = [];
  checks[`${manifest.apiVersion}/${manifest.kind}`](manifest.spec, errors);
  return errors;
}
