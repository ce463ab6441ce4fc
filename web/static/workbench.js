/* The evaluator workbench (/danh-gia): sign in with the evaluator token, run a dataset with a progress bar,
   grade each answer (verdict, cause, comment), read the results (accuracy, causes, Cohen's kappa,
   disagreements, automatic metrics) and export the grades as CSV. Talks only to /api/eval/… on this server. */
(function () {
  "use strict";

  var state = { token: "", evaluator: "", run: null, items: [], current: -1, polling: null, causes: {}, verdicts: {} };
  var $ = function (id) { return document.getElementById(id); };
  var VERDICT_MARK = { correct: "✓", partly: "½", wrong: "✗" };

  // -- talking to the server ----------------------------------------------------------------------------
  function api(path, options) {
    options = options || {};
    var headers = { "Authorization": "Bearer " + state.token };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    return fetch("/api/eval/" + path, {
      method: options.method || "GET", headers: headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }).then(function (response) {
      if (options.raw && response.ok) return response;
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 401) { signOut(data.detail || "Phiên đăng nhập không còn hợp lệ."); }
        if (!response.ok) {
          var error = new Error(data.detail || ("Máy chủ trả lỗi " + response.status + "."));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    }, function () { throw new Error("Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại."); });
  }

  function text(el, value) { el.textContent = value == null ? "" : String(value); return el; }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  // Vietnamese numbers: a decimal comma.
  function pct(x) { return x == null ? "—" : String(Math.round(x * 1000) / 10).replace(".", ",") + "%"; }
  function num(x, digits) { return x == null ? "—" : Number(x).toFixed(digits == null ? 2 : digits).replace(".", ","); }

  // -- sign in / out --------------------------------------------------------------------------------------
  function showBench(on) {
    $("signin").hidden = on;
    $("bench").hidden = !on;
    $("who-line").hidden = !on;
    text($("who"), state.evaluator);
  }

  function signIn(token, evaluator, quiet) {
    state.token = token;
    state.evaluator = evaluator;
    return api("session").then(function (data) {
      state.causes = data.causes;
      state.verdicts = data.verdicts;
      sessionStorage.setItem("dancu-eval", JSON.stringify({ token: token, evaluator: evaluator }));
      showBench(true);
      selectTab("run");
      loadDatasets();
      loadRuns();
      if (!quiet) $("tab-run").focus();
    });
  }

  function signOut(message) {
    sessionStorage.removeItem("dancu-eval");
    state.token = "";
    stopPolling();
    state.run = null;
    state.items = [];
    state.current = -1;
    $("progress-box").hidden = true;
    $("results").innerHTML = "";
    $("runs-table").querySelector("tbody").innerHTML = "";
    renderList();
    showBench(false);
    text($("signin-error"), message || "");
    if (message) $("token").focus();
  }

  $("signin-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var token = $("token").value.trim();
    var evaluator = $("evaluator").value.replace(/\s+/g, " ").trim();
    if (!token || !evaluator) {
      text($("signin-error"), !token ? "Hãy nhập mã người đánh giá." : "Hãy nhập tên người chấm.");
      (!token ? $("token") : $("evaluator")).focus();
      return;
    }
    text($("signin-error"), "");
    $("signin-button").disabled = true;
    signIn(token, evaluator).catch(function (error) {
      text($("signin-error"), error.message);
      $("token").focus();
    }).then(function () { $("signin-button").disabled = false; });
  });
  $("signout").addEventListener("click", function () { signOut(""); $("token").value = ""; $("token").focus(); });

  // -- tabs ----------------------------------------------------------------------------------------------
  var TABS = ["run", "grade", "results"];
  function selectTab(name, focus) {
    TABS.forEach(function (t) {
      var on = t === name;
      $("tab-" + t).setAttribute("aria-selected", on ? "true" : "false");
      $("tab-" + t).tabIndex = on ? 0 : -1;
      $("panel-" + t).hidden = !on;
    });
    if (focus) $("tab-" + name).focus();
    if (name === "results") loadResults();
  }
  TABS.forEach(function (t, i) {
    $("tab-" + t).addEventListener("click", function () { selectTab(t); });
    $("tab-" + t).addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (step) { event.preventDefault(); selectTab(TABS[(i + step + TABS.length) % TABS.length], true); }
    });
  });

  // -- datasets and runs -----------------------------------------------------------------------------------
  function fillDatasetSelect(select, datasets, keep) {
    var before = keep || select.value;
    select.innerHTML = "";
    datasets.forEach(function (d) {
      var label = d.name + " — " + d.questions + " câu" + (d.source === "tải lên" ? " (tải lên)" : "");
      select.appendChild(el("option", { value: d.name, text: label }));
    });
    if (before && datasets.some(function (d) { return d.name === before; })) select.value = before;
  }

  function loadDatasets(select) {
    return api("datasets").then(function (data) {
      fillDatasetSelect($("dataset"), data.datasets, select);
      fillDatasetSelect($("results-dataset"), data.datasets, select);
    }).catch(function (error) { text($("run-error"), error.message); });
  }

  function statusLabel(run) {
    return run.status === "done" ? "Xong" : run.status === "failed" ? "Lỗi: " + (run.error || "") : "Đang chạy";
  }

  function loadRuns() {
    return api("runs").then(function (data) {
      var body = $("runs-table").querySelector("tbody");
      body.innerHTML = "";
      if (!data.runs.length) {
        body.appendChild(el("tr", {}, [el("td", { colspan: "5", text: "Chưa có lượt chạy nào." })]));
      }
      data.runs.forEach(function (run) {
        var open = el("button", { type: "button", text: "Mở để chấm" });
        open.setAttribute("aria-label", "Mở để chấm: lượt chạy " + run.dataset + " lúc " + run.started.replace("T", " "));
        open.addEventListener("click", function () { openRun(run.id, true); });
        body.appendChild(el("tr", {}, [
          el("td", { text: run.dataset + (run.mode === "staff" ? " (cán bộ)" : "") }),
          el("td", { text: run.started.replace("T", " ") }),
          el("td", { text: run.done + "/" + run.total }),
          el("td", { text: statusLabel(run) }),
          el("td", {}, [open]),
        ]));
      });
    }).catch(function (error) { text($("run-error"), error.message); });
  }

  $("run-form").addEventListener("submit", function (event) {
    event.preventDefault();
    text($("run-error"), "");
    var limit = $("limit").value ? parseInt($("limit").value, 10) : null;
    if (limit !== null && !(limit >= 1)) { text($("run-error"), "Số câu phải là số nguyên dương."); $("limit").focus(); return; }
    $("run-button").disabled = true;
    api("runs", { method: "POST", body: { dataset: $("dataset").value, limit: limit, mode: $("run-mode").value } })
      .then(function (run) { openRun(run.id, false); loadRuns(); })
      .catch(function (error) { text($("run-error"), error.message); })
      .then(function () { $("run-button").disabled = false; });
  });

  $("upload-button").addEventListener("click", function () {
    var file = $("upload-file").files[0];
    if (!file) { text($("upload-status"), "Hãy chọn một tệp JSONL."); $("upload-file").focus(); return; }
    var reader = new FileReader();
    reader.onload = function () {
      api("datasets", { method: "POST", body: { filename: file.name, content: String(reader.result) } })
        .then(function (d) { text($("upload-status"), "Đã tải lên " + d.name + " (" + d.questions + " câu)."); loadDatasets(d.name); })
        .catch(function (error) { text($("upload-status"), error.message); });
    };
    reader.onerror = function () { text($("upload-status"), "Không đọc được tệp."); };
    reader.readAsText(file, "utf-8");
  });

  // -- following a run ----------------------------------------------------------------------------------
  function stopPolling() { if (state.polling) { clearTimeout(state.polling); state.polling = null; } }

  function showProgress(run) {
    $("progress-box").hidden = false;
    var bar = $("run-progress");
    bar.max = Math.max(run.total, 1);
    bar.value = run.done;
    text($("progress-label"), "Tiến độ lượt chạy " + run.dataset);
    var tail = run.status === "done" ? " — xong." : run.status === "failed" ? " — dừng: " + run.error : "…";
    text($("progress-text"), "Đã trả lời " + run.done + "/" + run.total + " câu" + tail);
    $("go-grade").hidden = run.done === 0;
  }

  function openRun(runId, goGrade) {
    stopPolling();
    state.run = { id: runId };
    state.items = [];
    state.current = -1;
    poll(goGrade);
  }

  function poll(goGrade) {
    var run = state.run;
    if (!run) return;
    api("runs/" + encodeURIComponent(run.id) + "?since=" + state.items.length).then(function (data) {
      if (!state.run || state.run.id !== data.id) return;
      state.run = data;
      state.items = state.items.concat(data.items);
      if ([].some.call($("results-dataset").options, function (o) { return o.value === data.dataset; })) {
        $("results-dataset").value = data.dataset;
      }
      showProgress(data);
      renderList();
      if (state.current < 0 && state.items.length) showItem(firstUngraded());
      if (goGrade && state.items.length) { selectTab("grade"); goGrade = false; }
      if (data.status === "running") state.polling = setTimeout(function () { poll(goGrade); }, 600);
      else loadRuns();
    }).catch(function (error) {
      text($("run-error"), error.message);
      if (error.status !== 401 && error.status !== 404) state.polling = setTimeout(function () { poll(goGrade); }, 2000);
    });
  }
  $("go-grade").addEventListener("click", function () { selectTab("grade", true); });

  // -- grading -------------------------------------------------------------------------------------------
  function mine(item) { return (item.grades || {})[state.evaluator]; }

  function firstUngraded() {
    for (var i = 0; i < state.items.length; i++) if (!mine(state.items[i])) return i;
    return 0;
  }

  function renderList() {
    $("grade-empty").hidden = state.items.length > 0;
    $("grade-layout").hidden = state.items.length === 0;
    text($("grade-run"), state.run ? "— " + state.run.dataset + " (" + state.items.length + "/" + state.run.total + " câu đã trả lời)" : "");
    var list = $("qlist");
    list.innerHTML = "";
    var graded = 0;
    state.items.forEach(function (item, i) {
      var grade = mine(item);
      if (grade) graded++;
      var verdict = grade ? grade.verdict : "none";
      var label = item.id + ": " + (grade ? "đã chấm " + grade.verdict_label : "chưa chấm");
      var button = el("button", { type: "button", "aria-label": label },
        [el("span", { className: "mark " + verdict, "aria-hidden": "true", text: grade ? VERDICT_MARK[verdict] : "•" }),
         el("span", { text: item.id })]);
      if (i === state.current) button.setAttribute("aria-current", "true");
      button.addEventListener("click", function () { showItem(i, true); });
      list.appendChild(el("li", {}, [button]));
    });
    text($("graded-count"), "Bạn đã chấm " + graded + "/" + state.items.length + " câu");
  }

  function listBlock(title, values) {
    var box = el("div");
    if (!values.length) return box;
    box.appendChild(el("p", { className: "muted", text: title }));
    var ul = el("ul");
    values.forEach(function (v) { ul.appendChild(el("li", { text: v })); });
    box.appendChild(ul);
    return box;
  }

  function autoBlock(item) {
    var a = item.auto || {};
    var box = el("div");
    box.appendChild(el("p", { className: a.auto_ok ? "auto-ok" : "auto-fail",
      text: a.auto_ok ? "Đạt theo chỉ số tự động" : "Không đạt theo chỉ số tự động" }));
    var rows = [];
    if (item.error) rows.push("Lỗi: " + item.error);
    if (a.cited_recall != null) rows.push("Điều đúng được dẫn (recall): " + pct(a.cited_recall));
    if (a.cited_precision != null) rows.push("Điều dẫn là đúng (precision): " + pct(a.cited_precision));
    if (a.fact_coverage != null) rows.push("Ý chính có trong câu trả lời: " + pct(a.fact_coverage));
    if (a.refusal_ok != null) rows.push("Từ chối đúng lúc: " + (a.refusal_ok ? "có" : "không"));
    if (a.quotes) rows.push("Trích dẫn khớp nguyên văn: " + a.quotes_verified + "/" + a.quotes);
    box.appendChild(listBlock("", rows));
    return box;
  }

  function showItem(i, focus) {
    if (i < 0 || i >= state.items.length) return;
    state.current = i;
    var item = state.items[i];
    text($("card-title"), "Câu " + (i + 1) + "/" + state.run.total + " — " + item.id);
    text($("card-meta"), "Loại: " + item.type_label + (item.as_of ? " · Ngày áp dụng: " + item.as_of : "") +
      (item.latency_ms != null ? " · Trả lời trong " + Math.round(item.latency_ms) + " ms" : ""));
    text($("card-question"), item.question);
    var expected = $("card-expected");
    expected.innerHTML = "";
    expected.appendChild(el("p", { text: item.expected }));
    expected.appendChild(listBlock("Ý chính cần có:", item.facts || []));
    expected.appendChild(listBlock("Kết luận cần nêu:", item.conclusion_facts || []));
    var auto = $("card-auto");
    auto.innerHTML = "";
    auto.appendChild(autoBlock(item));
    // The answer and its sources are HTML rendered by the server from escaped text (web.render).
    $("card-answer").innerHTML = item.error ? "" : item.answer_html;
    if (item.error) $("card-answer").appendChild(el("p", { className: "problem", text: item.error }));
    $("card-sources").innerHTML = item.sources_html || "<p>Không có trích dẫn.</p>";
    var grade = mine(item);
    document.querySelectorAll("input[name='verdict']").forEach(function (r) { r.checked = !!grade && r.value === grade.verdict; });
    $("cause").value = grade ? grade.cause : "";
    $("comment").value = grade ? grade.comment : "";
    syncCause();
    var others = Object.keys(item.grades || {}).filter(function (w) { return w !== state.evaluator; }).length;
    var status = $("grade-status");
    status.className = "";
    text(status, grade ? "Bạn đã chấm câu này: " + grade.verdict_label + (grade.same_answer ? "" : " (trên một câu trả lời khác trước đây)") + "."
      : others ? others + " người khác đã chấm câu này (ẩn để chấm độc lập)." : "");
    $("prev-q").disabled = i === 0;
    $("next-q").disabled = i === state.items.length - 1;
    renderList();
    if (focus) $("card-title").focus();
  }

  function verdictValue() {
    var checked = document.querySelector("input[name='verdict']:checked");
    return checked ? checked.value : "";
  }

  function syncCause() {
    var correct = verdictValue() === "correct";
    $("cause").disabled = correct;
    if (correct) $("cause").value = "";
  }
  document.querySelectorAll("input[name='verdict']").forEach(function (r) { r.addEventListener("change", syncCause); });

  function problem(message, focusId) {
    var status = $("grade-status");
    status.className = "problem";
    text(status, message);
    if (focusId) $(focusId).focus();
  }

  $("grade-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var item = state.items[state.current];
    if (!item) return;
    var verdict = verdictValue();
    if (!verdict) { problem("Hãy chọn đúng, đúng một phần hoặc sai.", null); document.querySelector("input[name='verdict']").focus(); return; }
    if (verdict !== "correct" && !$("cause").value) { problem("Hãy chọn nguyên nhân.", "cause"); return; }
    if ($("cause").value === "other" && !$("comment").value.trim()) { problem("Nguyên nhân 'Khác': hãy ghi rõ trong ghi chú.", "comment"); return; }
    $("save-grade").disabled = true;
    api("grades", { method: "POST", body: {
      run_id: state.run.id, question_id: item.id, evaluator: state.evaluator, verdict: verdict,
      cause: $("cause").value, comment: $("comment").value,
    } }).then(function (saved) {
      item.grades = item.grades || {};
      item.grades[state.evaluator] = saved;
      var next = -1;
      for (var k = 1; k <= state.items.length; k++) {
        var j = (state.current + k) % state.items.length;
        if (!mine(state.items[j])) { next = j; break; }
      }
      if (next >= 0) showItem(next, true);
      else { showItem(state.current, false); }
      var status = $("grade-status");
      status.className = "";
      text(status, "Đã lưu: " + item.id + " — " + saved.verdict_label + "." +
        (next < 0 ? (state.run.status === "running" ? " Đang chờ thêm câu trả lời…" : " Bạn đã chấm hết các câu của lượt này.") : ""));
    }).catch(function (error) { problem(error.message, null); })
      .then(function () { $("save-grade").disabled = false; });
  });
  $("prev-q").addEventListener("click", function () { showItem(state.current - 1, true); });
  $("next-q").addEventListener("click", function () { showItem(state.current + 1, true); });

  document.addEventListener("keydown", function (event) {
    if ($("panel-grade").hidden || state.current < 0) return;
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) && event.target.type !== "radio";
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      $("grade-form").requestSubmit();
      return;
    }
    if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
    var index = { "1": 0, "2": 1, "3": 2 }[event.key];
    if (index !== undefined) {
      var radios = document.querySelectorAll("input[name='verdict']");
      radios[index].checked = true;
      radios[index].focus();
      syncCause();
      event.preventDefault();
    } else if (event.key === "ArrowRight" && event.target.type !== "radio") {
      showItem(state.current + 1, true);
    } else if (event.key === "ArrowLeft" && event.target.type !== "radio") {
      showItem(state.current - 1, true);
    }
  });

  // -- results -------------------------------------------------------------------------------------------
  function bars(rows) {
    var ul = el("ul", { className: "bars" });
    rows.forEach(function (r) {
      var track = el("span", { className: "bar-track", "aria-hidden": "true" },
        [el("span", { className: "bar " + (r.kind || ""), style: "width:" + Math.round((r.value || 0) * 100) + "%" })]);
      ul.appendChild(el("li", {}, [el("span", { text: r.label }), track, el("span", { text: r.text })]));
    });
    return ul;
  }

  function table(caption, headers, rows) {
    var t = el("table");
    t.appendChild(el("caption", { className: "visually-hidden", text: caption }));
    var head = el("tr");
    headers.forEach(function (h) { head.appendChild(el("th", { scope: "col", text: h })); });
    t.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    rows.forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (c) { tr.appendChild(typeof c === "object" && c !== null ? c : el("td", { text: c == null ? "—" : String(c) })); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return el("div", { className: "table-wrap" }, [t]);
  }

  function stat(label, value, sub) {
    return el("div", { className: "card-stat" }, [el("span", { className: "big", text: value }), el("span", { text: label }),
      sub ? el("div", { className: "muted", text: sub }) : el("span")]);
  }

  function renderResults(s) {
    var out = $("results");
    out.innerHTML = "";
    var o = s.overall;
    var auto = s.auto || {};
    out.appendChild(el("h3", { text: "Tổng quan" }));
    out.appendChild(el("div", { className: "cards" }, [
      stat("Độ chính xác (người chấm)", pct(o.accuracy), o.n + " lượt chấm trên " + o.questions + " câu; đúng = 1, một phần = 0,5"),
      stat("Đúng hoàn toàn", pct(o.strict_accuracy), o.correct + " đúng · " + o.partly + " một phần · " + o.wrong + " sai"),
      stat("Đạt theo chỉ số tự động", pct(auto.auto_accuracy), (auto.n || 0) + " câu của lượt chạy gần nhất"),
      stat("Người chấm", String(s.evaluators.length), s.evaluators.join(", ") || "chưa có"),
    ]));
    if (s.run) out.appendChild(el("p", { className: "muted", text: "Chỉ số tự động từ lượt chạy " + s.run.id + " (" + s.run.done + "/" + s.run.total + " câu)." }));

    out.appendChild(el("h3", { text: "Theo loại câu hỏi" }));
    out.appendChild(el("p", { className: "muted" }, [el("span", { className: "legend-human", "aria-hidden": "true" }), " người chấm   ",
      el("span", { className: "legend-auto", "aria-hidden": "true" }), " chỉ số tự động"]));
    var typeBars = [];
    s.by_type.forEach(function (t) {
      typeBars.push({ label: t.label + " — người chấm", value: t.accuracy, text: pct(t.accuracy) + " (" + t.n + " lượt)" });
      typeBars.push({ label: t.label + " — tự động", value: t.auto_accuracy, kind: "auto", text: pct(t.auto_accuracy) + " (" + t.auto_n + " câu)" });
    });
    out.appendChild(bars(typeBars));

    out.appendChild(el("h3", { text: "Nguyên nhân (câu chưa đúng hoàn toàn)" }));
    var causeRows = s.by_cause.filter(function (c) { return c.n > 0; });
    out.appendChild(causeRows.length ? bars(causeRows.map(function (c) {
      return { label: c.label, value: c.share, kind: "cause", text: c.n + " (" + pct(c.share) + ")" };
    })) : el("p", { text: "Chưa có câu nào bị chấm là sai hoặc đúng một phần." }));

    out.appendChild(el("h3", { text: "Theo người chấm" }));
    out.appendChild(table("Độ chính xác theo người chấm", ["Người chấm", "Số câu", "Độ chính xác", "Đúng", "Một phần", "Sai"],
      s.evaluators.map(function (w) { var a = s.by_evaluator[w]; return [w, a.n, pct(a.accuracy), a.correct, a.partly, a.wrong]; })));

    out.appendChild(el("h3", { text: "Mức thống nhất giữa người chấm (Cohen's kappa)" }));
    if (!s.agreement.length) out.appendChild(el("p", { text: "Cần ít nhất hai người chấm cùng một câu." }));
    else out.appendChild(table("Kappa theo cặp người chấm", ["Cặp người chấm", "Số câu chung", "Cùng đánh giá", "Kappa", "Mức"],
      s.agreement.map(function (a) {
        return [a.evaluators.join(" và "), a.n, a.agreed, el("td", { className: "kappa", text: num(a.kappa, 2) }), a.meaning];
      })));
    var differ = [];
    s.agreement.forEach(function (a) { a.disagreements.forEach(function (d) { differ.push(d); }); });
    out.appendChild(el("h3", { text: "Các câu chấm khác nhau" }));
    if (!differ.length) out.appendChild(el("p", { text: "Không có câu nào hai người chấm khác nhau." }));
    else out.appendChild(table("Các câu chấm khác nhau", ["Câu", "Câu hỏi", "Người chấm thứ nhất", "Người chấm thứ hai"],
      differ.map(function (d) {
        var g = d.grades.map(function (x) {
          return x.evaluator + ": " + x.verdict_label + (x.cause_label ? " — " + x.cause_label : "") + (x.comment ? " — “" + x.comment + "”" : "");
        });
        return [d.question_id, d.question, g[0], g[1]];
      })));

    out.appendChild(el("h3", { text: "Chỉ số tự động của lượt chạy" }));
    out.appendChild(table("Chỉ số tự động", ["Chỉ số", "Giá trị"], [
      ["Đạt theo chỉ số tự động", pct(auto.auto_accuracy)],
      ["Điều đúng được dẫn (recall)", pct(auto.cited_recall)],
      ["Điều dẫn là đúng (precision)", pct(auto.cited_precision)],
      ["Ý chính có trong câu trả lời", pct(auto.fact_coverage)],
      ["Từ chối đúng lúc", pct(auto.refusal_accuracy)],
      ["Trích dẫn khớp nguyên văn", pct(auto.quote_verification)],
      ["Câu lỗi", auto.errors],
    ]));
    var hva = s.human_vs_auto || {};
    if (hva.n) {
      out.appendChild(el("p", { text: "Trên " + hva.n + " lượt chấm: người chấm " + pct(hva.human_accuracy) + ", tự động " +
        pct(hva.auto_accuracy_same_questions) + "; người và máy cùng kết luận ở " + pct(hva.agreement) +
        " số câu (không tính 'một phần'). " + (hva.stale ? hva.stale + " lượt chấm trên câu trả lời cũ." : "") }));
    }
  }

  function loadResults() {
    var dataset = $("results-dataset").value || (state.run && state.run.dataset);
    if (!dataset) { text($("results-status"), "Chưa có bộ câu hỏi nào."); return; }
    text($("results-status"), "Đang tải kết quả…");
    api("summary?dataset=" + encodeURIComponent(dataset)).then(function (s) {
      text($("results-status"), "Kết quả của " + dataset + ".");
      renderResults(s);
    }).catch(function (error) { text($("results-status"), error.message); });
  }
  $("refresh-results").addEventListener("click", loadResults);
  $("results-dataset").addEventListener("change", loadResults);

  $("export-csv").addEventListener("click", function () {
    var dataset = $("results-dataset").value;
    api("export.csv?dataset=" + encodeURIComponent(dataset), { raw: true }).then(function (response) {
      return response.blob();
    }).then(function (blob) {
      var link = el("a", { href: URL.createObjectURL(blob), download: "diem-cham-" + dataset.replace(/\.jsonl$/, "") + ".csv" });
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      text($("results-status"), "Đã tải tệp CSV điểm chấm của " + dataset + ".");
    }).catch(function (error) { text($("results-status"), error.message); });
  });

  // -- start ------------------------------------------------------------------------------------------------
  var saved = null;
  try { saved = JSON.parse(sessionStorage.getItem("dancu-eval") || "null"); } catch (e) { saved = null; }
  if (saved && saved.token) {
    $("evaluator").value = saved.evaluator || "";
    signIn(saved.token, saved.evaluator || "", true).catch(function () { signOut(""); });
  } else {
    $("token").focus();
  }
})();
