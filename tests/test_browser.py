"""End to end in a real headless Chromium (Debian's chromium + chromedriver, driven by Selenium 4).

The app runs in this process (uvicorn in a thread) on the session's real index, so the answer service is
loaded once. What a person would check, at a laptop's size (1366×768) and a phone's (390×844):

- the first screen shows the title, the scope, the mode switch and the question box without scrolling;
- an answer is brought into view from its start, the conclusion first;
- the sources: the first one open, the cited clause first and highlighted, then the rest of the article,
  then the document's facts; on a phone they come right after the answer;
- staff mode: the checklist once, every item tickable, the progress, the Markdown file and the print view;
- the evaluator workbench: sign in with the token, run 5 questions with a progress bar, grade them with a
  cause and a comment, a second evaluator, Cohen's kappa and the disagreements, the CSV export; the 401s;
- accessibility (axe-core, no serious or critical violation; lang="vi"; labels), no English words on the
  page, and no request leaving the machine.

Screenshots go to artifacts/screenshots/ (kept by CI as test artifacts; gitignored).
axe-core comes from the npm registry, installed once into ~/.cache/dancu-qa (``npm install axe-core``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import pytest

from web.feedback import PHONE_MASK, FeedbackStore
from tests.helpers import uvicorn_in_thread

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROME_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
    "--hide-scrollbars",
)
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
AXE_VERSION = "4.14.1"
AXE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dancu-qa" / f"axe-core-{AXE_VERSION}"
ANSWER_TIMEOUT_S = 180  # generous: CI machines have 2 cores, sometimes shared
EVAL_TOKEN = "ma-danh-gia-cho-kiem-thu"
LAPTOP, PHONE = (1366, 768), (390, 844)
SEED_PRIVACY = ("Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì cơ quan, tổ chức có được phép lấy các thông tin "
                "về đời sống riêng tư, bí mật cá nhân hay không?")
SEED_PROCEDURE = ("Việc kết nối giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu quốc gia được thực hiện "
                  "theo quy trình nào?")
# Words of Gradio's own interface (and of English UIs in general) that must not reach a Vietnamese user.
ENGLISH = re.compile(r"\b(copy|copied|clear|submit|loading|error|warning|close|message|share|retry|undo|"
                     r"settings|built with|use via api|api|chatbot|processing|queue|fullscreen|click|"
                     r"textbox|upload|download|send|the|and|of|to|is)\b", re.IGNORECASE)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason=f"{CHROMIUM} or {CHROMEDRIVER} missing: install Debian's chromium and chromium-driver "
               "(`make browser-deps`, or apt-get install chromium chromium-driver)",
    ),
]


class WithEvalToken:
    """The session's answer service with an evaluator token and its own data directory (grades, runs)."""

    def __init__(self, service: Any, data_dir: Path) -> None:
        self._service = service
        self.settings = service.settings.with_(eval_token=EVAL_TOKEN, data_dir=data_dir)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)


@pytest.fixture(scope="module")
def app_server(real_service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    from app import build_app

    store = FeedbackStore(tmp_path_factory.mktemp("feedback") / "feedback.sqlite")
    service = WithEvalToken(real_service, tmp_path_factory.mktemp("eval-data"))
    with uvicorn_in_thread(build_app(service, store), start_timeout_s=60, stop_timeout_s=15,  # type: ignore[arg-type]
                           timeout_graceful_shutdown=5) as url:
        yield SimpleNamespace(url=f"{url}/", store=store, data_dir=service.settings.data_dir)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, downloads: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--lang=vi")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # every request, for the offline check
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_script_timeout(60)
    driver.requested_urls = set()  # filled by drain_requests()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's axe.min.js from the npm registry (installed once into the user's cache)."""
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is missing: it installs axe-core for the accessibility check (apt-get install npm)")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([npm, "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "--no-save",
                               "--silent", f"axe-core@{AXE_VERSION}"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and script.exists(), f"npm install axe-core failed:\n{done.stderr[-2000:]}"
    return script.read_text(encoding="utf-8")


# -- helpers ------------------------------------------------------------------------------------------
def wait_for(driver, condition: Callable[[Any], Any], timeout: float = ANSWER_TIMEOUT_S, what: str = "") -> Any:
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException,)).until(condition)
    except TimeoutException:
        driver.save_screenshot(str(SCREENSHOTS / "failure.png"))
        raise AssertionError(f"timed out after {timeout} s waiting for {what}") from None


def set_viewport(driver, size: tuple[int, int]) -> None:
    """Make the page's viewport exactly ``size`` (device metrics, whatever the window around it)."""
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    assert driver.execute_script("return [window.innerWidth, window.innerHeight]") == [width, height]


def open_page(driver, url: str, size: tuple[int, int] = LAPTOP) -> None:
    from selenium.webdriver.common.by import By

    set_viewport(driver, size)
    driver.get(url)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#question textarea"), 120, "the page")
    # the send button renders after the text box: on a loaded machine the first check found the box alone
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#send"), 60, "the send button")
    wait_for(driver, lambda d: d.execute_script("return !!window.dancu"), 60, "the page's script")


def ask(driver, question: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.CSS_SELECTOR, "#question textarea")
    box.clear()
    box.send_keys(question)
    box.send_keys(Keys.ENTER)


def bot_messages(driver):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, '#chat [data-testid="bot"]')


def wait_for_answers(driver, count: int, must_contain: str) -> Any:
    from selenium.webdriver.common.by import By

    def ready(d):
        problem = d.find_elements(By.CSS_SELECTOR, "#ask-status .is-problem")
        if problem and problem[0].text:  # no answer will come: say why now, not after the timeout
            raise AssertionError(f"the page says: {problem[0].text}")
        bots = bot_messages(d)
        return bots[-1] if len(bots) >= count and must_contain in bots[-1].text else False

    return wait_for(driver, ready, what=f"answer #{count} containing {must_contain!r}")


def rect(driver, element) -> dict[str, float]:
    return driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                 "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,"
                                 " pageTop: r.top + window.scrollY};", element)


def in_viewport(driver, element) -> bool:
    box = rect(driver, element)
    width, height = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    return box["top"] >= 0 and box["left"] >= 0 and box["bottom"] <= height and box["right"] <= width


def shoot(driver, name: str, element=None) -> None:
    if element is not None:
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", element)
        time.sleep(0.3)
    driver.save_screenshot(str(SCREENSHOTS / name))


def drain_requests(driver) -> set[str]:
    """URLs the page requested so far (the performance log is emptied on each read, so keep them)."""
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            params = message["params"]
            driver.requested_urls.add(params["request"]["url"] if "request" in params else params["url"])
    return driver.requested_urls


def wait_for_download(folder: Path, suffix: str, before: set[Path]) -> Path:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        new = [p for p in folder.glob(f"*{suffix}") if p not in before]
        if new:
            time.sleep(0.2)  # let the browser finish writing
            return new[0]
        time.sleep(0.1)
    raise AssertionError(f"no *{suffix} file was downloaded into {folder}")


def axe_violations(driver, axe_source: str) -> list[dict[str, Any]]:
    driver.execute_script(axe_source)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({id: v.id,"
        " impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))),"
        " e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")


def assert_accessible(driver, axe_source: str, where: str) -> None:
    found = axe_violations(driver, axe_source)
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{where}: axe-core found serious violations:\n" + json.dumps(serious, ensure_ascii=False,
                                                                                        indent=1)


def english_left(driver) -> list[str]:
    """Visible text, and the labels a screen reader reads, that contain English words."""
    found = driver.execute_script("""
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let n;
        while ((n = walker.nextNode())) {
          const p = n.parentElement;
          if (!p || p.closest('script, style, textarea, code, [data-testid="user"]')) continue;
          if (!p.getClientRects().length || getComputedStyle(p).visibility === 'hidden') continue;
          out.push(n.nodeValue);
        }
        for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
          for (const a of ['aria-label', 'title', 'placeholder', 'alt'])
            if (el.getAttribute(a)) out.push(el.getAttribute(a));
        return out;""")
    return sorted({text.strip()[:120] for text in found if ENGLISH.search(text)})


# -- the first screen ------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["1366x768", "390x844"])
def test_first_screen_shows_the_question_box(app_server, browser, size: tuple[int, int]) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, app_server.url, size)
    assert browser.execute_script("return window.scrollY") == 0
    for selector in ("#page-header h1", "#page-header .scope", "#mode", "#question textarea", "#send"):
        element = browser.find_element(By.CSS_SELECTOR, selector)
        assert in_viewport(browser, element), f"{selector} is not on the first screen at {size}: {rect(browser, element)}"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert "Thông tin tham khảo" in browser.find_element(By.CSS_SELECTOR, "#page-header .scope").text
    assert browser.switch_to.active_element == browser.find_element(By.CSS_SELECTOR, "#question textarea")
    shoot(browser, f"01-trang-dau-{size[0]}x{size[1]}.png")


# -- a citizen's question: the conclusion in view, the sources in order -----------------------------------
def test_citizen_answer_starts_at_the_conclusion_with_its_source_first(app_server, browser) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, app_server.url, LAPTOP)
    ask(browser, SEED_PRIVACY)
    answer = wait_for_answers(browser, 1, "46/2022/TT-BCA")
    assert "Điều 3" in answer.text and answer.text.startswith("Kết luận:")
    conclusion = answer.find_element(By.TAG_NAME, "strong")
    wait_for(browser, lambda d: in_viewport(d, conclusion) and rect(d, answer)["top"] < 200, 10,
             "the answer's start scrolled into view")
    assert browser.execute_script("return window.scrollY") > 0  # the page moved to the answer, not to its end
    user = browser.find_elements(By.CSS_SELECTOR, '#chat [data-testid="user"]')[-1]
    assert user.text == SEED_PRIVACY
    assert browser.find_element(By.ID, "ask-status").text == ""  # the "working" line is gone
    shoot(browser, "02-nguoi-dan-ket-luan.png")

    # The sources: the first block open; khoản 2 (highlighted), then the rest of Điều 3, then the facts.
    blocks = browser.find_elements(By.CSS_SELECTOR, "#sources details.source")
    first = blocks[0]
    assert first.get_attribute("open") is not None and all(b.get_attribute("open") is None for b in blocks[1:])
    assert "Khoản 2 Điều 3 Thông tư 46/2022/TT-BCA" in first.find_element(By.TAG_NAME, "summary").text
    mark = first.find_element(By.CSS_SELECTOR, "section.cited mark")
    assert mark.is_displayed() and in_viewport(browser, mark)  # beside the answer, without scrolling
    assert mark.text.startswith("2. Không làm ảnh hưởng") and "đời sống riêng tư, bí mật cá nhân" in mark.text
    rest = first.find_element(By.CSS_SELECTOR, "section.rest")
    facts = first.find_element(By.CSS_SELECTOR, "section.facts")
    assert "1. Tuân thủ quy định của pháp luật về bảo vệ dữ liệu cá nhân" in rest.text
    assert "(khoản 2: trích ở trên)" in rest.text
    assert rect(browser, mark)["pageTop"] < rect(browser, rest)["pageTop"] < rect(browser, facts)["pageTop"]
    facts_text = facts.text
    assert "Số hiệu 46/2022/TT-BCA" in facts_text and re.search(r"kiểm tra ngày \d\d/\d\d/\d{4}", facts_text)
    assert "chỉ có một phần" in facts_text
    shoot(browser, "03-nguon-khoan-2-dieu-3.png", first)

    # Feedback on that answer, with a phone number that must not be stored.
    comment = browser.find_element(By.CSS_SELECTOR, "#comment textarea")
    comment.send_keys("Rõ ràng, cảm ơn. Gọi tôi: 0912 345 678")
    browser.find_element(By.ID, "feedback-up").click()
    wait_for(browser, lambda d: "Cảm ơn bạn" in d.find_element(By.ID, "feedback-status").text, 30, "feedback status")
    [row] = app_server.store.rows()
    assert row["rating"] == "up" and row["question"] == SEED_PRIVACY
    assert row["comment"] == f"Rõ ràng, cảm ơn. Gọi tôi: {PHONE_MASK}"


def test_on_a_phone_the_sources_come_right_after_the_answer(app_server, browser) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, app_server.url, PHONE)
    ask(browser, "Số định danh cá nhân là gì?")
    answer = wait_for_answers(browser, 1, "Kết luận")
    wait_for(browser, lambda d: 0 <= rect(d, answer)["top"] < 200, 10, "the answer's start scrolled into view")
    shoot(browser, "04-dien-thoai-tra-loi.png")
    chat = rect(browser, browser.find_element(By.ID, "chat"))
    sources = rect(browser, browser.find_element(By.ID, "answer-side"))
    feedback = rect(browser, browser.find_element(By.ID, "comment"))
    examples = rect(browser, browser.find_element(By.ID, "examples"))
    assert chat["pageTop"] < sources["pageTop"] < feedback["pageTop"] < examples["pageTop"]
    chat_end = chat["pageTop"] + chat["bottom"] - chat["top"]
    assert 0 <= sources["pageTop"] - chat_end < 40  # right after the answer
    first = browser.find_element(By.CSS_SELECTOR, "#sources details.source")
    assert first.get_attribute("open") is not None and first.find_element(By.TAG_NAME, "mark").is_displayed()
    shoot(browser, "05-dien-thoai-nguon.png", browser.find_element(By.ID, "answer-side"))


# -- staff: the checklist, once, tickable, printable -------------------------------------------------------
def test_staff_checklist_ticks_counts_saves_and_prints(app_server, browser, downloads: Path) -> None:
    import datetime as dt

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, app_server.url, LAPTOP)
    date_field = "#as-of input, #as-of textarea"
    assert not [e for e in browser.find_elements(By.CSS_SELECTOR, date_field) if e.is_displayed()]  # citizens: today
    browser.find_element(By.CSS_SELECTOR, '#mode [data-testid="Cán bộ-radio-label"]').click()
    date_box = wait_for(browser, lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, date_field) if e.is_displayed()],
                        10, "the date field of staff mode")[0]
    assert date_box.get_attribute("value") == dt.date.today().isoformat()
    assert "Ngày áp dụng" in browser.find_element(By.ID, "as-of").text
    ask(browser, SEED_PROCEDURE)
    answer = wait_for_answers(browser, 1, "Bước 2")
    assert "Danh mục kiểm tra (cán bộ)" not in answer.text and "☐" not in answer.text
    assert "Danh mục kiểm tra thủ tục" in answer.text  # the chat points to the panel: the steps are listed once
    checklist = wait_for(browser, lambda d: d.find_element(By.ID, "checklist").is_displayed()
                         and d.find_element(By.ID, "checklist"), 30, "the checklist")
    text = checklist.text
    assert "Bước 1: Lập văn bản đề nghị kết nối" in text and "Bước 2: Tiếp nhận và xử lý đơn đề nghị" in text
    assert "Căn cứ: Bước 1 Điều 7 Thông tư 46/2022/TT-BCA" in text
    assert "Căn cứ: Bước 2 Điều 7 Thông tư 46/2022/TT-BCA" in text
    assert f"Ngày áp dụng: {dt.date.today():%d/%m/%Y}" in text
    boxes = checklist.find_elements(By.CSS_SELECTOR, 'input[type="checkbox"]')
    total = len(boxes)
    assert total > 2 and f"Đã xong 0/{total} việc" in text  # every step and every item can be ticked
    step_one = checklist.find_element(By.CSS_SELECTOR, 'input[data-key="1"]')
    item = checklist.find_element(By.CSS_SELECTOR, 'input[data-key="1.3"]')
    step_one.find_element(By.XPATH, "..").click()  # a click on the step's label ticks it
    item.send_keys(Keys.SPACE)  # and the keyboard ticks an item
    assert step_one.is_selected() and item.is_selected()
    meter = checklist.find_element(By.CSS_SELECTOR, "progress.checklist-meter")
    wait_for(browser, lambda d: meter.get_attribute("value") == "2", 5, "the progress")
    assert f"Đã xong 2/{total} việc" in checklist.text
    shoot(browser, "06-can-bo-danh-muc.png", checklist)

    # Saved as Markdown, with the ticks and the citations.
    before = set(downloads.glob("*.md"))
    checklist.find_element(By.CSS_SELECTOR, "button.checklist-save").click()
    saved = wait_for_download(downloads, ".md", before).read_text(encoding="utf-8")
    assert saved.startswith("# Danh mục kiểm tra thủ tục")
    assert "- [x] **Bước 1: Lập văn bản đề nghị kết nối**" in saved
    assert "- [ ] **Bước 2: Tiếp nhận và xử lý đơn đề nghị**" in saved
    assert saved.count("    - [x] ") == 1 and "    - Căn cứ: Bước 1 Điều 7 Thông tư 46/2022/TT-BCA" in saved

    # The print view: the checklist alone, with its ticks, without its buttons, in a page of its own.
    main_window = browser.current_window_handle
    checklist.find_element(By.CSS_SELECTOR, "button.checklist-print").click()
    wait_for(browser, lambda d: len(d.window_handles) == 2, 10, "the print page")
    browser.switch_to.window([h for h in browser.window_handles if h != main_window][0])
    try:
        set_viewport(browser, (900, 1000))
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
        printed = browser.find_element(By.TAG_NAME, "body")
        assert printed.text.startswith("Danh mục kiểm tra thủ tục")
        assert "Căn cứ: Bước 2 Điều 7 Thông tư 46/2022/TT-BCA" in printed.text and "In danh mục" not in printed.text
        ticked = [b.get_attribute("data-key") for b in printed.find_elements(By.CSS_SELECTOR, "input:checked")]
        assert ticked == ["1", "1.3"]
        assert browser.find_elements(By.CSS_SELECTOR, "#chat, #sources, button") == []
        shoot(browser, "07-can-bo-ban-in.png")
    finally:
        browser.close()
        browser.switch_to.window(main_window)


# -- problems with the question: said under the box, in Vietnamese, without a toast over the content -------
def test_bad_input_is_explained_under_the_question_box(app_server, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, app_server.url, LAPTOP)
    browser.find_element(By.ID, "send").click()
    status = lambda d: d.find_element(By.ID, "ask-status")  # noqa: E731
    wait_for(browser, lambda d: "Câu hỏi đang trống" in status(d).text, 30, "the empty-question message")
    assert status(browser).find_element(By.CSS_SELECTOR, "[role=alert]").is_displayed()
    assert browser.find_elements(By.CSS_SELECTOR, '[data-testid="toast-body"]') == []
    shoot(browser, "08-cau-hoi-trong.png")
    box = browser.find_element(By.CSS_SELECTOR, "#question textarea")
    browser.execute_script("arguments[0].value = arguments[1];"
                           "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                           box, "Số định danh " + "rất " * 500)
    box.send_keys(Keys.END, Keys.ENTER)
    wait_for(browser, lambda d: "Câu hỏi quá dài" in status(d).text, 30, "the too-long message")
    assert bot_messages(browser) == []
    assert browser.find_element(By.CSS_SELECTOR, "#question textarea").get_attribute("value").startswith("Số định danh")


def test_user_text_is_shown_as_text_not_html(app_server, browser) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, app_server.url, LAPTOP)
    title = browser.title
    question = '<img src=x onerror="document.title=\'bị chèn mã\'"> <b>đậm</b> **sao**'
    ask(browser, question)
    wait_for_answers(browser, 1, "Kết luận")
    user = browser.find_elements(By.CSS_SELECTOR, '#chat [data-testid="user"]')[-1]
    assert user.text == question
    assert user.find_elements(By.CSS_SELECTOR, "img, b, strong") == []
    assert browser.title == title


# -- the evaluator workbench -----------------------------------------------------------------------------
def open_workbench(driver, url: str) -> None:
    from selenium.webdriver.common.by import By

    set_viewport(driver, LAPTOP)
    driver.get(url + "api/health")  # same origin, no script: sign out (a sign-in lasts as long as the tab)
    driver.execute_script("sessionStorage.clear()")
    driver.get(url + "danh-gia")
    wait_for(driver, lambda d: d.find_element(By.ID, "token").is_displayed(), 30, "the sign-in form")


def sign_in(driver, token: str, name: str) -> None:
    from selenium.webdriver.common.by import By

    for field, value in (("token", token), ("evaluator", name)):
        box = driver.find_element(By.ID, field)
        box.clear()
        box.send_keys(value)
    driver.find_element(By.ID, "signin-button").click()


def grade(driver, verdict_key: str, cause: str = "", comment: str = "") -> str:
    """Grade the open question with the keyboard (1/2/3), a cause and a comment; returns its id."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    title = driver.find_element(By.ID, "card-title")
    qid = title.text.split("—")[-1].strip()
    title.send_keys(verdict_key)  # the shortcut, from the card's heading (focus is there after each save)
    if cause:
        Select(driver.find_element(By.ID, "cause")).select_by_value(cause)
    if comment:
        driver.find_element(By.ID, "comment").send_keys(comment)
    driver.find_element(By.ID, "comment").send_keys(Keys.CONTROL, Keys.ENTER)
    wait_for(driver, lambda d: f"Đã lưu: {qid}" in d.find_element(By.ID, "grade-status").text, 30, f"grade of {qid}")
    return qid


def test_evaluator_workbench_two_evaluators_kappa_and_csv(app_server, browser, downloads: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_workbench(browser, app_server.url)
    shoot(browser, "09-danh-gia-dang-nhap.png")
    sign_in(browser, "sai-ma", "Lan")
    wait_for(browser, lambda d: "sai mã" in d.find_element(By.ID, "signin-error").text, 30, "the wrong-token message")
    assert not browser.find_element(By.ID, "bench").is_displayed()
    sign_in(browser, EVAL_TOKEN, "Lan")
    wait_for(browser, lambda d: d.find_element(By.ID, "bench").is_displayed(), 30, "the workbench")
    assert browser.find_element(By.ID, "who").text == "Lan"

    # Run the first 5 questions of dev.jsonl, with a progress bar.
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#dataset option[value='dev.jsonl']"), 30, "datasets")
    Select(browser.find_element(By.ID, "dataset")).select_by_value("dev.jsonl")
    browser.find_element(By.ID, "limit").send_keys("5")
    browser.find_element(By.ID, "run-button").click()
    progress = browser.find_element(By.ID, "run-progress")
    wait_for(browser, lambda d: progress.is_displayed(), 30, "the progress bar")
    assert progress.get_attribute("max") == "5"
    wait_for(browser, lambda d: "xong" in d.find_element(By.ID, "progress-text").text, what="the end of the run")
    assert browser.find_element(By.ID, "progress-text").text == "Đã trả lời 5/5 câu — xong."
    assert progress.get_attribute("value") == "5"
    shoot(browser, "10-danh-gia-chay.png")

    # Lan grades the 5 answers: beside each, the question, the gold articles and facts, the cited sources.
    browser.find_element(By.ID, "go-grade").click()
    card = wait_for(browser, lambda d: d.find_element(By.ID, "card"), 30, "the grading card")
    assert "dev-001" in browser.find_element(By.ID, "card-title").text
    assert "khoản 2 Điều 3 46/2022/TT-BCA" in browser.find_element(By.ID, "card-expected").text
    assert "Kết luận:" in browser.find_element(By.ID, "card-answer").text
    assert browser.find_element(By.CSS_SELECTOR, "#card-sources details.source mark").is_displayed()
    assert "chỉ số tự động" in browser.find_element(By.ID, "card-auto").text
    shoot(browser, "11-danh-gia-cham.png", card)
    lan = [("1", "", ""), ("3", "wrong_article", "dẫn sai điều"), ("2", "incomplete_list", "thiếu bước 3"),
           ("1", "", ""), ("3", "no_steps", "")]
    graded = [grade(browser, *g) for g in lan]
    assert graded == [f"dev-00{n}" for n in range(1, 6)]
    assert "Bạn đã chấm 5/5 câu" in browser.find_element(By.ID, "graded-count").text

    # A second evaluator grades the same answers; they differ on dev-003.
    browser.find_element(By.ID, "signout").click()
    wait_for(browser, lambda d: d.find_element(By.ID, "signin").is_displayed(), 10, "the sign-in form again")
    sign_in(browser, EVAL_TOKEN, "Minh")
    open_run = wait_for(browser, lambda d: [b for b in d.find_elements(By.CSS_SELECTOR, "#runs-table button")
                                            if b.is_displayed()], 30, "the list of runs")[0]
    assert browser.find_element(By.ID, "who").text == "Minh"
    open_run.click()
    wait_for(browser, lambda d: d.find_element(By.ID, "card").is_displayed(), 30, "Minh's grading card")
    assert "người khác đã chấm" in browser.find_element(By.ID, "grade-status").text  # blind: Lan's grade is hidden
    minh = [("1", "", ""), ("3", "wrong_article", ""), ("3", "cut_quote", "trích dẫn bị cắt"), ("1", "", ""),
            ("3", "no_steps", "")]
    for g in minh:
        grade(browser, *g)

    # Results: accuracy, causes, kappa, the disagreement, the automatic metrics; then the CSV.
    browser.find_element(By.ID, "tab-results").click()
    results = wait_for(browser, lambda d: "Cohen" in d.find_element(By.ID, "results").text
                       and d.find_element(By.ID, "results"), 30, "the results")
    text = results.text
    from web.grades import cohen_kappa

    verdict = {"1": "correct", "2": "partly", "3": "wrong"}
    kappa = cohen_kappa([verdict[g[0]] for g in lan], [verdict[g[0]] for g in minh])
    assert f"Lan và Minh 5 4 {kappa:.2f}".replace(".", ",") in text.replace("\n", " ")  # a decimal comma
    assert "dev-003" in text and "Liệt kê thiếu" in text and "Trích dẫn bị cắt" in text
    assert "Độ chính xác (người chấm)" in text and "Đạt theo chỉ số tự động" in text
    assert "Dẫn sai điều" in text and "Thiếu các bước thủ tục" in text  # the causes chart
    shoot(browser, "12-danh-gia-ket-qua.png", results)
    shoot(browser, "13-danh-gia-kappa.png", browser.find_element(By.XPATH, "//h3[contains(., 'Cohen')]"))
    before = set(downloads.glob("*.csv"))
    browser.find_element(By.ID, "export-csv").click()
    rows = list(csv.DictReader(io.StringIO(wait_for_download(downloads, ".csv", before).read_text(encoding="utf-8"))))
    assert len(rows) == 10 and {r["evaluator"] for r in rows} == {"Lan", "Minh"}
    assert {(r["evaluator"], r["question_id"], r["verdict"], r["cause"]) for r in rows} >= {
        ("Lan", "dev-003", "partly", "incomplete_list"), ("Minh", "dev-003", "wrong", "cut_quote")}
    assert all(r["auto_ok"] in ("0", "1") for r in rows)


def test_eval_api_is_401_without_the_token_and_get_ask_is_405(app_server, browser) -> None:
    open_workbench(browser, app_server.url)
    calls = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const call = (path, init) => fetch(path, init).then(r => r.json().then(b => [r.status, b.detail]));
        Promise.all([
          call('/api/eval/session'),
          call('/api/eval/runs', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'}),
          call('/api/eval/export.csv', {headers: {'Authorization': 'Bearer sai'}}),
          call('/api/eval/khong-co'),
          call('/api/ask'),
        ]).then(done);""")
    for status, detail in calls[:4]:
        assert status == 401 and "mã người đánh giá" in detail
    assert calls[4][0] == 405 and calls[4][1].startswith("Phương thức GET không dùng được cho /api/ask")


# -- accessibility and language ----------------------------------------------------------------------------
def test_pages_pass_axe_core_and_speak_vietnamese(app_server, browser, axe_source: str) -> None:
    from selenium.webdriver.common.by import By

    for size in (LAPTOP, PHONE):
        open_page(browser, app_server.url, size)
        browser.find_element(By.CSS_SELECTOR, '#mode [data-testid="Cán bộ-radio-label"]').click()
        ask(browser, SEED_PROCEDURE)
        wait_for_answers(browser, 1, "Bước 2")
        wait_for(browser, lambda d: d.find_element(By.ID, "checklist").is_displayed(), 30, "the checklist")
        assert_accessible(browser, axe_source, f"the question page at {size}")
        assert english_left(browser) == []
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    # Every control of the page has a label a screen reader can read.
    unlabelled = browser.execute_script("""
        return [...document.querySelectorAll('input:not([type=hidden]), textarea, select, button')]
          .filter(el => el.getClientRects().length)
          .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                        && !el.getAttribute('aria-labelledby') && !(el.textContent || '').trim())
          .map(el => el.outerHTML.slice(0, 120));""")
    assert unlabelled == []

    open_workbench(browser, app_server.url)
    assert_accessible(browser, axe_source, "the workbench's sign-in")
    sign_in(browser, EVAL_TOKEN, "Lan")
    wait_for(browser, lambda d: d.find_element(By.ID, "bench").is_displayed(), 30, "the workbench")
    for tab in ("tab-grade", "tab-results", "tab-run"):
        browser.find_element(By.ID, tab).click()
        time.sleep(0.5)
        assert_accessible(browser, axe_source, f"the workbench, {tab}")
        assert english_left(browser) == []
    browser.find_element(By.ID, "signout").click()


def test_no_request_leaves_the_machine(app_server, browser) -> None:
    """Runs last, so the log holds every page load, answer, source and download above, plus one more load."""
    open_page(browser, app_server.url, LAPTOP)
    time.sleep(2)  # late requests (fonts, icons) of the fresh load
    urls = drain_requests(browser)
    web = [u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
    assert web, "no requests were logged"
    outside = sorted({u for u in web if urlsplit(u).hostname not in ("127.0.0.1", "localhost")})
    assert outside == []
