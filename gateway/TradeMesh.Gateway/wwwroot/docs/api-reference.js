// Renders the services' OpenAPI documents (through the gateway) as plain HTML: every path,
// method, summary, parameter and response field. Text is only ever set with textContent.
(function () {
  "use strict";

  var DOCUMENTS = [
    { title: "Ingestion (publishing releases)", url: "/openapi/ingestion.json" },
    { title: "Queries (rankings, movers, history, periods)", url: "/openapi/projections.json" }
  ];
  var METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
  var MAX_DEPTH = 4;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // "#/components/schemas/Ranking" -> the schema object; anything else is returned as is.
  function resolve(doc, schema) {
    var seen = 0;
    while (schema && typeof schema.$ref === "string" && seen++ < 20) {
      var parts = schema.$ref.replace(/^#\//, "").split("/");
      var target = doc;
      for (var i = 0; i < parts.length && target; i++) target = target[decodeURIComponent(parts[i].replace(/~1/g, "/").replace(/~0/g, "~"))];
      if (!target) break;
      schema = target;
    }
    return schema || {};
  }

  function refName(schema) {
    return schema && typeof schema.$ref === "string" ? schema.$ref.split("/").pop() : null;
  }

  // A short type text: "string", "number | null", "array of RankingEntry", "date-time" ...
  function typeText(doc, schema) {
    if (!schema) return "";
    var name = refName(schema);
    var s = resolve(doc, schema);
    var types = Array.isArray(s.type) ? s.type.slice() : (s.type ? [s.type] : []);
    if (s.oneOf || s.anyOf) {
      return (s.oneOf || s.anyOf).map(function (x) { return typeText(doc, x); }).join(" | ");
    }
    var parts = types.map(function (t) {
      if (t === "array") return "array of " + (typeText(doc, s.items) || "any");
      if (t === "object" && name) return name;
      return t;
    });
    if (parts.length === 0) parts.push(name || (s.properties ? "object" : "any"));
    if (s.nullable) parts.push("null");
    return parts.join(" | ") + (s.format ? " (" + s.format + ")" : "");
  }

  // The object schema that carries fields: itself, or the items of an array (recursively).
  function fieldsOf(doc, schema) {
    var s = resolve(doc, schema);
    var guard = 0;
    while (s && s.items && guard++ < 5) s = resolve(doc, s.items);
    if (s && (s.oneOf || s.anyOf)) {
      var options = (s.oneOf || s.anyOf).map(function (x) { return fieldsOf(doc, x); }).filter(Boolean);
      return options[0] || null;
    }
    return s && s.properties ? s : null;
  }

  function fieldTable(doc, schema, depth, stack) {
    var object = fieldsOf(doc, schema);
    if (!object) return null;
    var required = object.required || [];
    var table = el("table");
    var head = table.appendChild(el("tr"));
    ["field", "type", "required", "description"].forEach(function (h) { head.appendChild(el("th", h)); });
    Object.keys(object.properties).forEach(function (key) {
      var prop = object.properties[key];
      var row = table.appendChild(el("tr"));
      row.appendChild(el("td", key, "name"));
      row.appendChild(el("td", typeText(doc, prop), "type"));
      row.appendChild(el("td", required.indexOf(key) >= 0 ? "yes" : ""));
      var cell = row.appendChild(el("td", resolve(doc, prop).description || prop.description || ""));
      var nestedName = refName(prop) || refName(resolve(doc, prop).items);
      if (depth < MAX_DEPTH && fieldsOf(doc, prop) && (!nestedName || stack.indexOf(nestedName) < 0)) {
        var nested = fieldTable(doc, prop, depth + 1, stack.concat([nestedName]));
        if (nested) { var wrap = el("div", null, "nested"); wrap.appendChild(nested); cell.appendChild(wrap); }
      }
    });
    return table;
  }

  function renderContent(doc, container, content) {
    Object.keys(content || {}).forEach(function (mediaType) {
      var media = content[mediaType] || {};
      container.appendChild(el("p", mediaType + ": " + typeText(doc, media.schema)));
      var s = resolve(doc, media.schema);
      if (s.description && !fieldsOf(doc, media.schema)) container.appendChild(el("p", s.description));
      var table = fieldTable(doc, media.schema, 0, [refName(media.schema)]);
      if (table) container.appendChild(table);
    });
  }

  function renderOperation(doc, path, method, op, pathParameters, anchor) {
    var section = el("section", null, "operation");
    section.id = anchor;
    var title = section.appendChild(el("h3"));
    title.appendChild(el("span", method.toUpperCase(), "method " + method));
    title.appendChild(document.createTextNode(path));
    if (op.summary) section.appendChild(el("p", op.summary, "summary"));
    if (op.description) section.appendChild(el("p", op.description));

    var parameters = (pathParameters || []).concat(op.parameters || []).map(function (p) { return resolve(doc, p); });
    if (parameters.length > 0) {
      section.appendChild(el("h4", "Parameters"));
      var table = section.appendChild(el("table"));
      var head = table.appendChild(el("tr"));
      ["name", "in", "type", "required", "description"].forEach(function (h) { head.appendChild(el("th", h)); });
      parameters.forEach(function (p) {
        var row = table.appendChild(el("tr"));
        row.appendChild(el("td", p.name, "name"));
        row.appendChild(el("td", p.in));
        row.appendChild(el("td", typeText(doc, p.schema), "type"));
        row.appendChild(el("td", p.required ? "yes" : ""));
        row.appendChild(el("td", p.description || ""));
      });
    }

    if (op.requestBody) {
      var body = resolve(doc, op.requestBody);
      section.appendChild(el("h4", "Request body" + (body.required ? " (required)" : "")));
      if (body.description) section.appendChild(el("p", body.description));
      renderContent(doc, section, body.content);
    }

    var responses = op.responses || {};
    Object.keys(responses).forEach(function (status) {
      var response = resolve(doc, responses[status]);
      section.appendChild(el("h4", "Response " + status + (response.description ? ": " + response.description : "")));
      renderContent(doc, section, response.content);
    });
    return section;
  }

  function render(doc, source, main, toc) {
    var heading = el("h2", source.title);
    main.appendChild(heading);
    if (doc.info) {
      main.appendChild(el("p", (doc.info.title || "") + (doc.info.version ? " (" + doc.info.version + ")" : "")));
      if (doc.info.description) main.appendChild(el("p", doc.info.description));
    }
    var list = el("ul");
    var paths = doc.paths || {};
    Object.keys(paths).sort().forEach(function (path) {
      var item = paths[path] || {};
      METHODS.forEach(function (method) {
        if (!item[method]) return;
        var anchor = (method + path).replace(/[^A-Za-z0-9]+/g, "-");
        main.appendChild(renderOperation(doc, path, method, item[method], item.parameters, anchor));
        var li = list.appendChild(el("li"));
        var a = li.appendChild(el("a", method.toUpperCase() + " " + path));
        a.href = "#" + anchor;
      });
    });
    toc.appendChild(el("strong", source.title));
    toc.appendChild(list);
  }

  function load() {
    var main = document.getElementById("reference");
    var toc = document.getElementById("toc");
    Promise.all(DOCUMENTS.map(function (source) {
      return fetch(source.url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(source.url + ": HTTP " + response.status);
          return response.json();
        })
        .then(function (doc) { return { source: source, doc: doc }; },
              function (error) { return { source: source, error: error }; });
    })).then(function (results) {
      main.textContent = "";
      results.forEach(function (result) {
        if (result.error) {
          main.appendChild(el("h2", result.source.title));
          main.appendChild(el("p", "Could not load " + result.source.url + ": " + result.error.message, "error"));
        } else {
          render(result.doc, result.source, main, toc);
        }
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
