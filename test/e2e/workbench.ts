import type { Browser, BrowserContext, Locator, Page } from "playwright-core";

/** A problem as the Problems panel lists it. */
export interface PanelProblem {
  severity: string;
  message: string;
  source: string;
  code: string;
  /** 0-based, from the "[Ln 11, Col 1]" the panel prints. */
  line: number;
  /** 0-based, from the same. */
  character: number;
}

/** A squiggle drawn in the editor. */
export interface Squiggle {
  /** "error", "warning", "info" or "hint". */
  severity: string;
  /** 0-based line under the squiggle. */
  line: number;
}

/** How long a condition may take before the test fails (code-server on 2 cores is not quick). */
const DEFAULT_TIMEOUT = 30_000;

/**
 * Polls `probe` until `accept` holds for what it returns; the error names what was awaited and
 * the last thing seen, which is what a failing real-editor test needs to be diagnosed.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeout = DEFAULT_TIMEOUT,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (accept(last)) {
        return last;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen =
        lastError !== undefined
          ? String(lastError)
          : JSON.stringify(last, null, 1);
      throw new Error(
        `timed out after ${timeout} ms waiting for ${what}; last seen: ${seen}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/**
 * Drives one VS Code workbench window in Chromium the way a user does (quick open, keyboard
 * shortcuts, mouse) and reads what is on screen from the DOM.
 */
export class Workbench {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** Opens a new window (fresh browser storage) on the folder's URL and waits for the explorer. */
  static async open(browser: Browser, url: string): Promise<Workbench> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: "dark",
    });
    // tsx compiles these tests with esbuild's keepNames, which wraps the functions we hand to
    // page.evaluate in a `__name` helper that exists only in Node; give the page a stand-in.
    await context.addInitScript({
      content: "globalThis.__name = (target) => target;",
    });
    const page = await context.newPage();
    const workbench = new Workbench(context, page);
    try {
      await page.goto(url);
      await page
        .locator(".explorer-folders-view .monaco-list-row")
        .first()
        .waitFor({ state: "visible", timeout: 90_000 });
      // The folder is there; give its width to the editor (Ctrl+B hides the side bar), so the
      // screenshots show whole lines with their annotations.
      await page.keyboard.press("Control+B");
      await page.locator(".part.sidebar").waitFor({ state: "hidden" });
    } catch (error) {
      await workbench.close();
      throw error;
    }
    return workbench;
  }

  /** Closes the window and its browser context. */
  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }

  /** Saves a screenshot of the whole window. */
  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }

  /** Whether the window shows the Restricted Mode indicator in the status bar. */
  async isRestricted(): Promise<boolean> {
    const texts = await this.page.locator(".statusbar-item").allInnerTexts();
    return texts.some((text) => /Restricted Mode/i.test(text));
  }

  /** Opens a workspace file through Quick Open (Ctrl+P), as a user would. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split("/").pop() ?? relativePath;
    await this.runQuickInput("Control+P", relativePath, (label) =>
      label.includes(name),
    );
    await until(
      `the editor tab of ${name} to be active`,
      () =>
        this.page
          .locator(".editor-group-container.active .tab.active")
          .evaluateAll((tabs) =>
            tabs.map((tab) => tab.getAttribute("data-resource-name")),
          ),
      (names) => names.includes(name),
    );
    await this.page
      .locator(".editor-group-container.active .monaco-editor .view-line")
      .first()
      .waitFor({ state: "visible" });
  }

  /** The language name the status bar shows for the active editor. */
  async languageName(): Promise<string> {
    return (
      await this.page.locator("#status\\.editor\\.mode").innerText()
    ).trim();
  }

  /** Waits until the status bar shows the given language for the active editor. */
  async waitForLanguage(
    name: string,
    timeout = DEFAULT_TIMEOUT,
  ): Promise<void> {
    await until(
      `the language indicator to read "${name}"`,
      () => this.languageName(),
      (shown) => shown === name,
      timeout,
    );
  }

  /** Moves the cursor with Go to Line (Ctrl+G); line and character are 0-based. */
  async goTo(line: number, character: number): Promise<void> {
    await this.focusEditor();
    // Go to Line is Quick Open with a ":" prefix; filling the input replaces it, so keep it.
    await this.runQuickInput("Control+G", `:${line + 1}:${character + 1}`);
    await until(
      `the cursor to reach Ln ${line + 1}, Col ${character + 1}`,
      () => this.page.locator("#status\\.editor\\.selection").innerText(),
      (text) => text.includes(`Ln ${line + 1}, Col ${character + 1}`),
    );
  }

  /** Opens the Problems panel (Ctrl+Shift+M) if it is not showing. */
  async showProblems(): Promise<void> {
    const panel = this.page.locator(".markers-panel");
    if (!(await panel.isVisible())) {
      await this.page.keyboard.press("Control+Shift+M");
      await panel.waitFor({ state: "visible" });
    }
  }

  /** The problems the Problems panel lists, for every file. */
  async problems(): Promise<PanelProblem[]> {
    return this.page.$$eval(".markers-panel .monaco-list-row", (rows) =>
      rows.flatMap((row) => {
        const text = (selector: string): string =>
          row.querySelector(selector)?.textContent?.trim() ?? "";
        const where = /Ln (\d+), Col (\d+)/.exec(text(".marker-line"));
        if (!where) {
          return [];
        }
        const icon = row.querySelector(".marker-icon");
        const severity =
          ["error", "warning", "info"].find((name) =>
            icon?.classList.contains(name),
          ) ?? "unknown";
        if (severity === "unknown") {
          // A related-information row under a problem, not a problem.
          return [];
        }
        return [
          {
            severity,
            message: text(".marker-message"),
            source: text(".marker-source"),
            code: text(".marker-code"),
            line: Number(where[1]) - 1,
            character: Number(where[2]) - 1,
          },
        ];
      }),
    );
  }

  /** Squiggles on the lines the active editor shows, with the line each sits on. */
  async squiggles(): Promise<Squiggle[]> {
    return this.page.$$eval(
      ".editor-group-container.active .monaco-editor",
      (editors) => {
        const editor = editors[0];
        if (!editor) {
          return [];
        }
        // Overlay rows and gutter rows of one line share their `top`.
        const lineAt = new Map<string, number>();
        for (const number of Array.from(
          editor.querySelectorAll(".margin-view-overlays .line-numbers"),
        )) {
          const row = number.parentElement as HTMLElement | null;
          if (row) {
            lineAt.set(row.style.top, Number(number.textContent) - 1);
          }
        }
        return Array.from(
          editor.querySelectorAll(".view-overlays [class*='squiggly-']"),
        ).flatMap((squiggle) => {
          const row = squiggle.parentElement as HTMLElement | null;
          const line = row ? lineAt.get(row.style.top) : undefined;
          const severity = /squiggly-(error|warning|info|hint)/.exec(
            squiggle.className,
          )?.[1];
          return line === undefined || severity === undefined
            ? []
            : [{ severity, line }];
        });
      },
    );
  }

  /** The text of the active editor's visible lines, keyed by 0-based line (with inlay hints). */
  async visibleLines(): Promise<Map<number, string>> {
    const entries = await this.page.$$eval(
      ".editor-group-container.active .monaco-editor",
      (editors) => {
        const editor = editors[0];
        if (!editor) {
          return [];
        }
        const lineAt = new Map<string, number>();
        for (const number of Array.from(
          editor.querySelectorAll(".margin-view-overlays .line-numbers"),
        )) {
          const row = number.parentElement as HTMLElement | null;
          if (row) {
            lineAt.set(row.style.top, Number(number.textContent) - 1);
          }
        }
        return Array.from(
          editor.querySelectorAll(".view-lines .view-line"),
        ).flatMap((element) => {
          const line = lineAt.get((element as HTMLElement).style.top);
          return line === undefined
            ? []
            : [
                [
                  line,
                  (element.textContent ?? "").replace(/\u00a0/g, " "),
                ] as const,
              ];
        });
      },
    );
    return new Map(entries);
  }

  /**
   * What the active editor shows on its visible lines, with the 0-based line each belongs to:
   * each line's text with its inlay hints (they are rendered inside the line), and each code
   * lens, which belongs to the line below it.
   */
  async annotatedLines(): Promise<{ line: number; text: string }[]> {
    return this.page.$$eval(
      ".editor-group-container.active .monaco-editor",
      (editors) => {
        const editor = editors[0];
        if (!editor) {
          return [];
        }
        const numbers = Array.from(
          editor.querySelectorAll(".margin-view-overlays .line-numbers"),
        ).map((element) => ({
          line: Number(element.textContent) - 1,
          top: element.getBoundingClientRect().top,
          rowTop: (element.parentElement as HTMLElement | null)?.style.top,
        }));
        const lines = Array.from(
          editor.querySelectorAll(".view-lines .view-line"),
        ).flatMap((element) => {
          const found = numbers.find(
            (number) => number.rowTop === (element as HTMLElement).style.top,
          );
          return found
            ? [
                {
                  line: found.line,
                  text: (element.textContent ?? "").replace(/\u00a0/g, " "),
                },
              ]
            : [];
        });
        const lenses = Array.from(
          editor.querySelectorAll(".codelens-decoration"),
        ).flatMap((element) => {
          const top = element.getBoundingClientRect().top;
          const below = numbers
            .filter((number) => number.top >= top)
            .sort((a, b) => a.top - b.top)[0];
          const text = (element.textContent ?? "")
            .replace(/\u00a0/g, " ")
            .trim();
          return below && text ? [{ line: below.line, text }] : [];
        });
        return [...lines, ...lenses];
      },
    );
  }

  /**
   * Rests the mouse on `token` on a 0-based line (which must be on screen) and returns the
   * hover's text once it has loaded.
   */
  async hover(line: number, token: string): Promise<string> {
    const point = await this.page.$$eval(
      ".editor-group-container.active .monaco-editor",
      (editors, [wantedLine, wantedToken]) => {
        const editor = editors[0];
        if (!editor) {
          return null;
        }
        let top: string | undefined;
        let gutter: { x: number; y: number } | undefined;
        for (const number of Array.from(
          editor.querySelectorAll(".margin-view-overlays .line-numbers"),
        )) {
          if (Number(number.textContent) - 1 === wantedLine) {
            top = (number.parentElement as HTMLElement | null)?.style.top;
            const box = number.getBoundingClientRect();
            gutter = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
          }
        }
        const row = Array.from(
          editor.querySelectorAll(".view-lines .view-line"),
        ).find((element) => (element as HTMLElement).style.top === top);
        if (!row) {
          return null;
        }
        const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const index = (node.textContent ?? "").indexOf(wantedToken);
          if (index >= 0) {
            const range = document.createRange();
            range.setStart(node, index);
            range.setEnd(node, index + wantedToken.length);
            const box = range.getBoundingClientRect();
            return {
              x: box.x + box.width / 2,
              y: box.y + box.height / 2,
              gutter,
            };
          }
        }
        return null;
      },
      [line, token] as const,
    );
    if (!point) {
      throw new Error(`"${token}" is not shown on line ${line + 1}`);
    }
    // Come from the line number (which has no hover of its own), so that callers who try again
    // after a layout shift or an empty answer trigger a new hover request.
    if (point.gutter) {
      await this.page.mouse.move(point.gutter.x, point.gutter.y);
    }
    await this.page.mouse.move(point.x, point.y, { steps: 4 });
    return until(
      `the hover over "${token}" to load`,
      () =>
        this.page
          .locator(".monaco-hover:not(.hidden) .hover-contents")
          .allInnerTexts()
          .then((texts) => texts.join("\n").trim()),
      (text) => text.length > 0 && !/^Loading\.\.\.$/.test(text),
      5000,
    );
  }

  /** Opens the quick-fix menu at the cursor (Ctrl+.) and returns the titles it offers. */
  async openQuickFixMenu(): Promise<string[]> {
    const menu = this.quickFixMenu();
    if (await menu.isVisible()) {
      await this.page.keyboard.press("Escape");
      await menu.waitFor({ state: "hidden" });
    }
    await this.focusEditor();
    await this.page.keyboard.press("Control+.");
    // Short: when the server has not answered yet VS Code shows "no code actions" and no menu,
    // and the caller's retry presses Ctrl+. again instead of waiting out the whole deadline.
    await menu.waitFor({ state: "visible", timeout: 5000 });
    return until(
      "the quick-fix menu to list actions",
      () => menu.locator(".monaco-list-row.action").allInnerTexts(),
      (titles) => titles.length > 0,
      5000,
    );
  }

  /** The quick-fix menu (not its submenu panel). */
  private quickFixMenu(): Locator {
    return this.page.locator(".action-widget:not(.action-list-submenu-panel)");
  }

  /** Chooses the first action of the open quick-fix menu whose title matches. */
  async chooseQuickFix(title: RegExp): Promise<void> {
    const menu = this.quickFixMenu();
    const row = menu
      .locator(".monaco-list-row.action")
      .filter({ hasText: title })
      .first();
    await row.click();
    await menu.waitFor({ state: "hidden" });
  }

  /** Leaves snippet mode and saves the active editor (Ctrl+S), waiting until it is not dirty. */
  async save(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press("Escape");
    await this.page.keyboard.press("Control+S");
    await this.page.locator(".tab.active.dirty").waitFor({ state: "detached" });
  }

  /** Puts the keyboard focus in the active editor. */
  async focusEditor(): Promise<void> {
    const input = this.page.locator(
      ".editor-group-container.active .monaco-editor textarea, .editor-group-container.active .monaco-editor .native-edit-context",
    );
    await input.first().focus();
  }

  /** Opens a quick input with a shortcut, types a value and accepts the matching entry. */
  private async runQuickInput(
    shortcut: string,
    value: string,
    pick?: (label: string) => boolean,
  ): Promise<void> {
    const widget = this.page.locator(".quick-input-widget");
    await this.page.keyboard.press(shortcut);
    const input = widget.locator("input.input");
    await input.waitFor({ state: "visible" });
    await input.fill(value);
    if (pick) {
      await until(
        `Quick Open to offer ${value}`,
        () =>
          widget
            .locator(".quick-input-list .monaco-list-row.focused")
            .allInnerTexts(),
        (labels) => labels.some(pick),
      );
    }
    await this.page.keyboard.press("Enter");
    await widget.waitFor({ state: "hidden" });
  }
}
