package dev.wabagate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver packages), driven by
 * Selenium with the system browser and driver named explicitly, so nothing is downloaded.
 * Screenshots go to {@code target/screenshots}.
 */
public final class Browser implements AutoCloseable {

	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final ChromeDriver driver;

	private final String base;

	private final Path profile;

	public Browser(String base) {
		this.base = base;
		try {
			this.profile = Files.createTempDirectory("wabagate-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + this.profile, "--window-size=1280,900");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().implicitlyWait(Duration.ZERO);
	}

	public WebDriver driver() {
		return this.driver;
	}

	public void open(String path) {
		this.driver.get(this.base + path);
	}

	public void signIn(String email, String password) {
		open("/signin");
		this.driver.findElement(By.id("email")).sendKeys(email);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.driver.findElement(By.cssSelector("button[type=submit]")).click();
		// The form's answer redirects away from /signin: until then a navigation would
		// abort the sign-in (seen once in a clean-clone CI run).
		await((driver) -> driver.getCurrentUrl().contains("/signin") ? null : Boolean.TRUE);
	}

	/**
	 * Waits (up to half a minute) until the page shows what {@code condition} looks for.
	 */
	public <T> T await(Function<WebDriver, T> condition) {
		return new WebDriverWait(this.driver, PATIENCE).ignoring(RuntimeException.class).until(condition::apply);
	}

	/**
	 * Chooses an option of a select by its text, again if a live update re-rendered the
	 * select meanwhile (a stale element).
	 */
	public void selectByVisibleText(By select, String text) {
		await((driver) -> {
			new Select(driver.findElement(select)).selectByVisibleText(text);
			return Boolean.TRUE;
		});
	}

	/**
	 * Chooses an option of a select by its value, as {@link #selectByVisibleText} does.
	 */
	public void selectByValue(By select, String value) {
		await((driver) -> {
			new Select(driver.findElement(select)).selectByValue(value);
			return Boolean.TRUE;
		});
	}

	public WebElement awaitElement(By by) {
		return await((driver) -> {
			List<WebElement> found = driver.findElements(by);
			return (!found.isEmpty() && found.get(0).isDisplayed()) ? found.get(0) : null;
		});
	}

	/**
	 * The text of what {@code by} finds once it is there (the page re-renders as it
	 * updates).
	 */
	public String textOf(By by) {
		return await((driver) -> {
			String text = driver.findElement(by).getText();
			return text.isEmpty() ? null : text;
		});
	}

	/**
	 * Replaces the text of the input {@code by} finds, again if a live update re-rendered
	 * it meanwhile (a focused input is not re-rendered, so the text then stays).
	 */
	public void replaceText(By by, String text) {
		await((driver) -> {
			WebElement input = driver.findElement(by);
			input.clear();
			input.sendKeys(text);
			return text.equals(input.getDomProperty("value")) ? Boolean.TRUE : null;
		});
	}

	/** Clicks what {@code by} finds once it can be clicked. */
	public void click(By by) {
		await((driver) -> {
			driver.findElement(by).click();
			return true;
		});
	}

	public void width(int width) {
		this.driver.manage().window().setSize(new Dimension(width, (width < 600) ? 844 : 900));
	}

	public Object script(String script, Object... arguments) {
		return this.driver.executeScript(script, arguments);
	}

	/** Keeps a screenshot of the page as a test artefact. */
	public void screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path shot = this.driver.getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
		try (var files = Files.walk(this.profile)) {
			files.sorted((a, b) -> b.compareTo(a)).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// The profile is in the temporary directory; leaving it behind is harmless.
		}
	}

}
