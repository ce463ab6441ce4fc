"""End to end in a real headless Chromium (Debian's chromium + chromedriver, driven by Selenium 4).

The app runs in this process (uvicorn in a thread) on the session's real index, so the answer service is
loaded once. Screenshots go to artifacts/screenshots/ (kept by CI as test artifacts; gitignored).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from web.feedback import PHONE_MASK, FeedbackStore

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROME_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
)
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
ANSWER_TIMEOUT_S = 180  # generous: CI machines have 2 cores, sometimes shared
SEED_PRIVACY = ("Khi kết nối Cơ sở dữ liệu quốc gia về dân cư thì cơ quan, tổ chức có được phép lấy các thông tin "
                "về đời sống riêng tư, bí mật cá nhân hay không?")
SEED_PROCEDURE = ("Việc kết nối giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu quốc gia được thực hiện "
                  "theo quy trình nào?")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason=f"{CHROMIUM} or {CHROMEDRIVER} missing: install Debian's chromium and chromium-driver "
               "(`make browser-deps`, or apt-get install chromium chromium-driver)",
    ),
]


@pytest.fixture(scope="module")
def app_server(real_service, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    import uvicorn

    from app import build_app

    store = FeedbackStore(tmp_path_factory.mktemp("feedback") / "feedback.sqlite")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(build_app(real_service, store), host="127.0.0.1", port=port,
                                           log_level="warning", timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.1)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}/", store=store)
    server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--lang=vi")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # every request, for the offline check
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.requested_urls = set()  # filled by drain_requests()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


# -- helpers ------------------------------------------------------------------------------------------
def wait_for(driver, condition: Callable[[object], object], timeout: float = ANSWER_TIMEOUT_S, what: str = ""):
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)
    except TimeoutException:
        driver.save_screenshot(str(SCREENSHOTS / "failure.png"))
        raise AssertionError(f"timed out after {timeout} s waiting for {what}") from None


def open_page(driver, url: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#question textarea"), 60, "the page")


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


def wait_for_answers(driver, count: int, must_contain: str) -> object:
    def ready(d):
        bots = bot_messages(d)
        return bots[-1] if len(bots) >= count and must_contain in bots[-1].text else False

    return wait_for(driver, ready, what=f"answer #{count} containing {must_contain!r}")


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


# -- the journey the issue asks for -------------------------------------------------------------------
def test_citizen_then_staff_journey(app_server, browser) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, app_server.url)
    assert "thông tin tham khảo" in browser.find_element(By.ID, "coverage").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "button.example")) >= 3
    shoot(browser, "01-trang-dau.png")

    # Citizen: the seed's first question.
    ask(browser, SEED_PRIVACY)
    answer = wait_for_answers(browser, 1, "46/2022/TT-BCA")
    assert answer.is_displayed()
    assert "Điều 3" in answer.text and "46/2022/TT-BCA" in answer.text and "Kết luận" in answer.text
    user = browser.find_elements(By.CSS_SELECTOR, '#chat [data-testid="user"]')[-1]
    assert user.text == SEED_PRIVACY
    shoot(browser, "02-nguoi-dan-tra-loi.png", browser.find_element(By.ID, "mode"))

    # Its source: closed until opened, then the whole Điều 3 with khoản 2 highlighted.
    source = next(d for d in browser.find_elements(By.CSS_SELECTOR, "#sources details.source")
                  if "Điều 3" in d.find_element(By.TAG_NAME, "summary").text)
    mark = source.find_element(By.TAG_NAME, "mark")
    assert not mark.is_displayed()
    source.find_element(By.TAG_NAME, "summary").click()
    wait_for(browser, lambda d: mark.is_displayed(), 10, "the opened source")
    assert mark.text.startswith("2. Không làm ảnh hưởng") and "đời sống riêng tư, bí mật cá nhân" in mark.text
    facts = source.find_element(By.CSS_SELECTOR, "table.doc-facts").text
    assert "Số hiệu 46/2022/TT-BCA" in facts and "Tình trạng" in facts and "chỉ có một phần" in facts
    assert "1. Tuân thủ quy định của pháp luật về bảo vệ dữ liệu cá nhân" in source.text  # the full article
    shoot(browser, "03-nguon-khoan-2-dieu-3.png", source)

    # Feedback on that answer, with a phone number that must not be stored.
    comment = browser.find_element(By.CSS_SELECTOR, "#comment textarea")
    comment.send_keys("Rõ ràng, cảm ơn. Gọi tôi: 0912 345 678")
    browser.find_element(By.ID, "feedback-up").click()
    wait_for(browser, lambda d: "Cảm ơn bạn" in d.find_element(By.ID, "feedback-status").text, 30, "feedback status")
    [row] = app_server.store.rows()
    assert row["rating"] == "up" and row["question"] == SEED_PRIVACY
    assert row["comment"] == f"Rõ ràng, cảm ơn. Gọi tôi: {PHONE_MASK}"

    # Staff: the procedure question becomes a checklist with Bước 1 and Bước 2 and their citations.
    browser.find_element(By.CSS_SELECTOR, '#mode [data-testid="Cán bộ-radio-label"]').click()
    ask(browser, SEED_PROCEDURE)
    staff_answer = wait_for_answers(browser, 2, "Bước 2")
    assert "Danh mục kiểm tra (cán bộ)" in staff_answer.text
    checklist = wait_for(browser, lambda d: d.find_element(By.ID, "checklist").is_displayed()
                         and d.find_element(By.ID, "checklist"), 30, "the checklist")
    text = checklist.text
    assert "Bước 1: Lập văn bản đề nghị kết nối" in text and "Bước 2: Tiếp nhận và xử lý đơn đề nghị" in text
    assert "Căn cứ: Bước 1 Điều 7 Thông tư 46/2022/TT-BCA" in text
    assert "Căn cứ: Bước 2 Điều 7 Thông tư 46/2022/TT-BCA" in text
    boxes = checklist.find_elements(By.CSS_SELECTOR, 'input[type="checkbox"]')
    assert len(boxes) == 2
    boxes[0].click()
    assert boxes[0].is_selected() and not boxes[1].is_selected()
    shoot(browser, "04-can-bo-danh-muc.png", checklist)
    shoot(browser, "05-can-bo-tra-loi.png", staff_answer)


def test_bad_input_shows_a_vietnamese_message(app_server, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def toast_with(text: str):
        return lambda d: any(text in t.text for t in d.find_elements(By.CSS_SELECTOR, '[data-testid="toast-text"]'))

    open_page(browser, app_server.url)
    browser.find_element(By.ID, "send").click()
    wait_for(browser, toast_with("Câu hỏi đang trống"), 30, "the empty-question message")
    shoot(browser, "06-cau-hoi-trong.png")
    # A pasted 2,013-character question (typing it key by key would take half a minute).
    box = browser.find_element(By.CSS_SELECTOR, "#question textarea")
    browser.execute_script("arguments[0].value = arguments[1];"
                           "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                           box, "Số định danh " + "rất " * 500)
    box.send_keys(Keys.END, Keys.ENTER)
    wait_for(browser, toast_with("Câu hỏi quá dài"), 30, "the too-long message")
    assert bot_messages(browser) == []
    assert browser.find_element(By.CSS_SELECTOR, "#question textarea").get_attribute("value").startswith("Số định danh")


def test_user_text_is_shown_as_text_not_html(app_server, browser) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, app_server.url)
    title = browser.title
    question = '<img src=x onerror="document.title=\'bị chèn mã\'"> <b>đậm</b> **sao**'
    ask(browser, question)
    wait_for_answers(browser, 1, "Kết luận")
    user = browser.find_elements(By.CSS_SELECTOR, '#chat [data-testid="user"]')[-1]
    assert user.text == question
    assert user.find_elements(By.CSS_SELECTOR, "img, b, strong") == []
    assert browser.title == title


def test_no_request_leaves_the_machine(app_server, browser) -> None:
    """Runs last, so the log holds every page load, answer, source and toast above, plus one more load."""
    open_page(browser, app_server.url)
    time.sleep(2)  # late requests (fonts, icons) of the fresh load
    urls = drain_requests(browser)
    web = [u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
    assert web, "no requests were logged"
    outside = sorted({u for u in web if urlsplit(u).hostname not in ("127.0.0.1", "localhost")})
    assert outside == []
