package io.coveton.server.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.CovetonServerExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reference page in a real browser (Debian's chromium, driven through chromedriver by
 * Selenium): switching one sample to Rust switches every sample, and the choice survives a reload.
 */
class ReferencePageBrowserTest {
  private static final String CHROMIUM = System.getenv().getOrDefault("COVETON_TEST_CHROMIUM", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getenv().getOrDefault("COVETON_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");

  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension();

  private ChromeDriver browser;

  @BeforeEach
  void startBrowser() throws Exception {
    assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
        "the browser test needs Debian's chromium and chromium-driver (scripts/test.sh installs them)");
    Path profile = Files.createTempDirectory("coveton-chromium-");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1400,1000", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void choosingRustOnOneSampleShowsRustEverywhereAndIsRememberedAcrossAReload() throws Exception {
    browser.get(server.api().baseUrl() + "/docs");
    waitForSwitcher();
    assertEquals(List.of("curl", "curl"), visibleLanguages("register", "listChats"), "cURL first");

    WebElement rust = browser.findElement(By.cssSelector("#op-register .sample-tabs button[data-language='rust']"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", rust);
    rust.click();

    assertEquals(List.of("rust", "rust"), visibleLanguages("register", "listChats"));
    assertTrue(visibleSample("listChats").contains("reqwest::Client::new()"), "a Rust program on another operation");
    assertEquals("true", browser.findElement(By.cssSelector("#op-listChats .sample-tabs button[data-language='rust']"))
        .getAttribute("aria-selected"));

    browser.navigate().refresh();
    waitForSwitcher();
    assertEquals(List.of("rust", "rust"), visibleLanguages("register", "listChats"), "the choice is remembered");
    assertTrue(visibleSample("register").contains(".json(&json!("), visibleSample("register"));

    Path screenshot = Path.of("target", "docs-reference-page.png");
    Files.createDirectories(screenshot.getParent());
    WebElement section = browser.findElement(By.id("op-register"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})", section);
    Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
        StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page");
  }

  private void waitForSwitcher() {
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
        driver.findElement(By.tagName("html")).getAttribute("data-language") != null);
  }

  /** The language of the one sample shown for each operation. */
  private List<String> visibleLanguages(String... operationIds) {
    return java.util.Arrays.stream(operationIds).map(id -> {
      List<WebElement> shown = browser.findElements(By.cssSelector("#op-" + id + " pre.sample")).stream()
          .filter(WebElement::isDisplayed).toList();
      assertEquals(1, shown.size(), id + " shows one sample");
      return shown.get(0).getAttribute("data-language");
    }).toList();
  }

  private String visibleSample(String operationId) {
    return browser.findElements(By.cssSelector("#op-" + operationId + " pre.sample")).stream()
        .filter(WebElement::isDisplayed).findFirst().orElseThrow().getText();
  }
}
