// everyrun import: upload with a progress bar, then the per-file outcome table from the JSON
// reply. Without this file the form posts to /import and the server renders the same table.
"use strict";

(function () {
  const form = document.getElementById("import-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  const input = document.getElementById("import-files");
  const submit = document.getElementById("import-submit");
  const box = document.getElementById("import-progress");
  const bar = document.getElementById("import-bar");
  const stage = document.getElementById("import-stage");
  const percent = document.getElementById("import-percent");
  const message = document.getElementById("import-message");
  const result = document.getElementById("import-result");
  const heading = document.getElementById("result-h");
  const counts = document.getElementById("import-counts");
  const analysisError = document.getElementById("import-analysis-error");
  const rows = document.getElementById("import-rows");
  const table = document.getElementById("import-table");
  const maxBytes = Number(form.dataset.maxBytes);
  let colours = {};
  try {
    colours = JSON.parse(table.dataset.colours || "{}");
  } catch (ignored) {
    colours = {};
  }

  function say(text, isError) {
    message.textContent = text;
    message.className = isError ? "error" : "";
    if (isError) {
      message.setAttribute("role", "alert");
    } else {
      message.removeAttribute("role");
    }
  }

  function setProgress(value, label) {
    box.hidden = false;
    stage.textContent = label;
    if (value === null) {
      bar.removeAttribute("value"); // indeterminate while the server imports
      percent.textContent = "";
    } else {
      bar.value = value;
      percent.textContent = Math.round(value) + " %";
    }
  }

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text !== undefined && text !== null) {
      made.textContent = text;
    }
    return made;
  }

  function row(file) {
    const tr = element("tr", "outcome-" + file.outcome);
    tr.appendChild(element("td", "file-name", file.name));
    const outcome = element("td");
    outcome.appendChild(element("span", "outcome", file.outcome_label || file.outcome));
    tr.appendChild(outcome);
    const details = element("td");
    if (file.reason) {
      details.appendChild(element("p", "reason", file.reason));
    }
    if (file.activities && file.activities.length) {
      const list = element("ul", "new-activities");
      file.activities.forEach(function (activity) {
        const item = element("li");
        const link = element("a", null, "Activity " + activity.id);
        link.href = activity.url;
        item.appendChild(link);
        if (activity.purpose) {
          item.appendChild(document.createTextNode(" · "));
          const swatch = element("span", "swatch");
          swatch.style.setProperty("--purpose", colours[activity.purpose] || "#BBBBBB");
          item.appendChild(swatch);
          item.appendChild(document.createTextNode(activity.purpose_label));
        }
        list.appendChild(item);
      });
      details.appendChild(list);
    }
    if (file.warnings && file.warnings.length) {
      const more = element("details");
      const n = file.warnings.length;
      more.appendChild(element("summary", null, n + (n === 1 ? " warning" : " warnings")));
      const list = element("ul", "warnings");
      file.warnings.forEach(function (warning) {
        list.appendChild(element("li", null, warning));
      });
      more.appendChild(list);
      details.appendChild(more);
    }
    tr.appendChild(details);
    return tr;
  }

  function show(report) {
    const c = report.counts;
    counts.textContent =
      c.imported + " imported · " + c.already_present + " already present · " +
      c.skipped + " skipped · " + c.failed + " failed · " + report.analysed + " analysed";
    analysisError.hidden = !report.analysis_error;
    analysisError.textContent = report.analysis_error
      ? "Stored, but not analysed: " + report.analysis_error + " — run everyrun analyze."
      : "";
    rows.replaceChildren.apply(rows, report.files.map(row));
    result.hidden = false;
    heading.focus();
  }

  function finish() {
    submit.disabled = false;
    input.disabled = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const chosen = Array.from(input.files || []);
    if (!chosen.length) {
      say("Choose one or more files first.", true);
      input.focus();
      return;
    }
    const total = chosen.reduce(function (sum, file) { return sum + file.size; }, 0);
    if (maxBytes && total > maxBytes) {
      say("These files are larger than the " + form.dataset.maxMib + " MB cap — " +
        "upload fewer at a time, or import a large export with everyrun import.", true);
      return;
    }
    const data = new FormData(form);
    const request = new XMLHttpRequest();
    request.open("POST", "/api/imports");
    request.responseType = "json";
    request.setRequestHeader("Accept", "application/json");
    // On a shared server the session's CSRF token goes with the upload (no token: local app).
    const csrf = document.querySelector('meta[name="csrf-token"]');
    if (csrf && csrf.content) {
      request.setRequestHeader("X-CSRF-Token", csrf.content);
    }
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable && progress.total > 0) {
        setProgress((progress.loaded / progress.total) * 100, "Uploading…");
      }
    });
    request.upload.addEventListener("load", function () {
      setProgress(null, "Importing and analysing…");
    });
    request.addEventListener("load", function () {
      finish();
      const reply = request.response || {};
      if (request.status >= 200 && request.status < 300) {
        setProgress(100, "Done");
        const n = chosen.length;
        say(n + (n === 1 ? " file" : " files") + " uploaded.", false);
        form.reset();
        show(reply);
      } else {
        box.hidden = true;
        const text = reply.error || "the import did not work (HTTP " + request.status + ")";
        say(text + (reply.hint ? " — " + reply.hint : ""), true);
      }
    });
    request.addEventListener("error", function () {
      finish();
      box.hidden = true;
      say("The upload did not reach the server; check that everyrun serve still runs.", true);
    });
    submit.disabled = true;
    input.disabled = true;
    say("", false);
    setProgress(0, "Uploading…");
    request.send(data);
  });
})();
