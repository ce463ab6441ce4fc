/* The question page's small behaviours (web/ui.py loads this file into the page's <head>):
   - while an answer is being prepared, say so; when it arrives, bring its start (the conclusion) to the top;
   - the staff checklist: count the ticked boxes, print the checklist alone, save it as Markdown;
   - Gradio's own buttons and messages carry English labels (Gradio has no Vietnamese): give them Vietnamese ones.
   Nothing here talks to the network. */
(function () {
  "use strict";

  var VI = {
    "Copy": "Sao chép",
    "Copy message": "Sao chép tin nhắn",
    "Copied message": "Đã sao chép",
    "Copied!": "Đã sao chép",
    "Copy all messages": "Sao chép cả cuộc hỏi đáp",
    "Copy conversation": "Sao chép cả cuộc hỏi đáp",
    "Clear": "Xoá",
    "Share": "Chia sẻ",
    "Close": "Đóng",
    "Dismiss": "Đóng",
    "Error": "Lỗi",
    "Warning": "Lưu ý",
    "Info": "Thông báo",
    "Loading": "Đang tải…",
    "Loading...": "Đang tải…",
    "Loading…": "Đang tải…",
    "chatbot conversation": "Cuộc hỏi đáp",
    "Chatbot": "Cuộc hỏi đáp",
    "user's message": "Câu hỏi",
    "bot's message": "Câu trả lời",
    "Edit": "Sửa",
    "Retry": "Thử lại",
    "Undo": "Hoàn tác",
    "Like": "Thích",
    "Dislike": "Không thích",
    "Scroll down": "Cuộn xuống",
    "Scroll to bottom": "Cuộn xuống cuối",
    "Submit": "Gửi",
    "Stop": "Dừng",
    "Expand": "Mở rộng",
    "Collapse": "Thu gọn",
    "Fullscreen": "Toàn màn hình",
    "Exit fullscreen mode": "Thoát toàn màn hình",
    "Empty": "Trống",
    "Connection errored out.": "Mất kết nối tới máy chủ.",
    "Connection to the server was lost. Attempting reconnection...": "Mất kết nối tới máy chủ. Đang kết nối lại…",
    "Could not resize the textarea": "Không đổi được cỡ ô nhập",
  };
  var PREFIXES = [["bot's message: ", "Câu trả lời: "], ["user's message: ", "Câu hỏi: "]];
  var ATTRS = ["aria-label", "title", "placeholder", "alt", "aria-roledescription"];

  function translated(value) {
    var key = value.trim();
    if (Object.prototype.hasOwnProperty.call(VI, key)) return VI[key];
    for (var i = 0; i < PREFIXES.length; i++) {
      if (value.indexOf(PREFIXES[i][0]) === 0) return PREFIXES[i][1] + value.slice(PREFIXES[i][0].length);
    }
    return null;
  }

  function translateAttrs(el) {
    for (var i = 0; i < ATTRS.length; i++) {
      var value = el.getAttribute && el.getAttribute(ATTRS[i]);
      var vi = value && translated(value);
      if (vi !== null && vi !== undefined && vi !== value) el.setAttribute(ATTRS[i], vi);
    }
  }

  function translateText(node) {
    var text = node.nodeValue;
    var key = text && text.trim();
    if (key && Object.prototype.hasOwnProperty.call(VI, key)) {
      node.nodeValue = text.replace(key, VI[key]);
    }
  }

  function translate(root) {
    if (!root) return;
    if (root.nodeType === 3) { translateText(root); return; }
    if (root.nodeType !== 1) return;
    if (root.closest && root.closest("#sources, #checklist, [data-testid='bot'], [data-testid='user']")) return;
    translateAttrs(root);
    var all = root.querySelectorAll("[aria-label], [title], [placeholder], [alt], [aria-roledescription]");
    for (var i = 0; i < all.length; i++) translateAttrs(all[i]);
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
    var n;
    while ((n = walker.nextNode())) {
      var parent = n.parentElement;
      if (parent && parent.closest("#sources, #checklist, [data-testid='bot'], [data-testid='user'], textarea")) continue;
      translateText(n);
    }
  }

  function watch() {
    translate(document.body);
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        var m = mutations[i];
        if (m.type === "attributes") translateAttrs(m.target);
        else if (m.type === "characterData") translateText(m.target);
        else for (var j = 0; j < m.addedNodes.length; j++) translate(m.addedNodes[j]);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true,
                                attributeFilter: ATTRS });
  }

  // -- asking: a visible "working" line, then the new answer's start brought into view --------------------
  var answersBefore = 0;

  function botMessages() {
    return document.querySelectorAll("#chat [data-testid='bot']");
  }

  function statusLine() {
    return document.querySelector("#ask-status .ask-status");
  }

  function busy(on) {
    var line = statusLine();
    if (on) answersBefore = botMessages().length;
    if (!line) return;
    if (on) {
      line.className = "ask-status is-busy";
      line.setAttribute("role", "status");
      line.textContent = "Đang tìm căn cứ và soạn câu trả lời…";
    } else if (line.classList.contains("is-busy")) {
      line.className = "ask-status";
      line.textContent = "";
    }
  }

  function scrollToLatestAnswer() {
    var bots = botMessages();
    if (!bots.length) return false;
    var last = bots[bots.length - 1];
    var row = last.closest(".message-row") || last;
    var top = row.getBoundingClientRect().top + window.scrollY - 8;
    window.scrollTo({ top: Math.max(0, top), behavior: "auto" });
    return true;
  }

  function answered() {
    busy(false);
    var tries = 0;
    // The chat re-renders right after the event ends: wait until the new message is in the page.
    (function attempt() {
      if (botMessages().length > answersBefore && scrollToLatestAnswer()) return;
      if (++tries < 40) setTimeout(attempt, 50);
    })();
  }

  // -- the staff checklist ---------------------------------------------------------------------------
  function updateChecklist(list) {
    if (!list) return;
    var boxes = list.querySelectorAll("input[type='checkbox']");
    var done = 0;
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) done++;
    var meter = list.querySelector(".checklist-meter");
    var count = list.querySelector(".checklist-done");
    if (meter) { meter.value = done; meter.textContent = done + "/" + boxes.length; }
    if (count) count.textContent = String(done);
    list.classList.toggle("is-complete", done === boxes.length && boxes.length > 0);
  }

  function labelText(label) {
    return (label ? label.textContent : "").replace(/\s+/g, " ").trim();
  }

  function checklistMarkdown(list) {
    var out = ["# Danh mục kiểm tra thủ tục", ""];
    var question = list.getAttribute("data-question");
    var date = list.querySelector(".checklist-date");
    if (question) out.push("Câu hỏi: " + question, "");
    if (date) out.push(labelText(date), "");
    var steps = list.querySelectorAll("ol.steps > li.step");
    for (var i = 0; i < steps.length; i++) {
      var head = steps[i].querySelector(":scope > label");
      var box = head && head.querySelector("input");
      out.push("- [" + (box && box.checked ? "x" : " ") + "] **" + labelText(head) + "**");
      var items = steps[i].querySelectorAll("ul.items > li > label");
      for (var j = 0; j < items.length; j++) {
        var itemBox = items[j].querySelector("input");
        out.push("    - [" + (itemBox && itemBox.checked ? "x" : " ") + "] " + labelText(items[j]));
      }
      var cite = steps[i].querySelector(".step-cite");
      if (cite) out.push("    - " + labelText(cite));
    }
    out.push("", "_Thông tin tham khảo, không thay thế văn bản pháp luật chính thức._", "");
    return out.join("\n");
  }

  function saveChecklist(list) {
    var blob = new Blob([checklistMarkdown(list)], { type: "text/markdown;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "danh-muc-kiem-tra.md";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  var PRINT_CSS = [
    "body { font-family: 'Source Sans Pro', 'DejaVu Sans', sans-serif; color: #000; margin: 16mm; line-height: 1.4; }",
    "h2 { font-size: 18pt; margin: 0 0 6pt; }",
    "ol.steps { padding-left: 1.4em; } li.step { margin-bottom: 10pt; break-inside: avoid; }",
    "ul.items { list-style: none; padding-left: 1.4em; } ul.items li { margin: 3pt 0; }",
    "ol.steps label { display: inline-flex; gap: 8px; align-items: flex-start; }",
    "input[type=checkbox] { width: 14px; height: 14px; margin-top: 3px; flex: none; accent-color: #000; }",
    ".step-cite { font-size: 10pt; margin: 2pt 0 0; } .checklist-progress { font-weight: 600; }",
    ".checklist-meter, .checklist-actions { display: none; } .note { font-size: 9pt; margin-top: 14pt; }",
  ].join("\n");

  function todayVi() {
    var d = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear();
  }

  // The checklist alone, with its ticks, in a page of its own that the browser prints.
  function printChecklist(list) {
    var copy = list.cloneNode(true);
    var live = list.querySelectorAll("input[type='checkbox']");
    var cloned = copy.querySelectorAll("input[type='checkbox']");
    for (var i = 0; i < live.length; i++) {
      if (live[i].checked) cloned[i].setAttribute("checked", "");
      else cloned[i].removeAttribute("checked");
    }
    var actions = copy.querySelector(".checklist-actions");
    if (actions) actions.remove();
    var page = window.open("", "_blank");
    if (!page) return;
    page.document.open();
    page.document.write("<!doctype html><html lang='vi'><head><meta charset='utf-8'>" +
      "<title>Danh mục kiểm tra thủ tục</title><style>" + PRINT_CSS + "</style></head><body>" + copy.outerHTML +
      "<p class='note'>Thông tin tham khảo, không thay thế văn bản pháp luật chính thức. In ngày " + todayVi() +
      ".</p></body></html>");
    page.document.close();
    page.focus();
    setTimeout(function () { page.print(); }, 300);
  }

  document.addEventListener("change", function (event) {
    var list = event.target.closest && event.target.closest(".checklist");
    if (list && event.target.type === "checkbox") updateChecklist(list);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".checklist-actions button");
    if (!button) return;
    var list = button.closest(".checklist");
    if (button.classList.contains("checklist-print")) printChecklist(list);
    else if (button.classList.contains("checklist-save")) saveChecklist(list);
    else if (button.classList.contains("checklist-reset")) {
      var boxes = list.querySelectorAll("input[type='checkbox']");
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = false;
      updateChecklist(list);
    }
  });

  window.dancu = { busy: busy, answered: answered, scrollToLatestAnswer: scrollToLatestAnswer,
                   checklistMarkdown: checklistMarkdown };

  document.documentElement.lang = "vi";
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
