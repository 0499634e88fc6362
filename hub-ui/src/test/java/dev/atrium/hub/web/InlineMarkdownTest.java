package dev.atrium.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InlineMarkdownTest {

    private static String html(String text) {
        return InlineMarkdown.toHtml(text).getValue();
    }

    @Test
    void codeBoldEmphasisAndParagraphs() {
        assertEquals("<p>Clone the repository and run <code>npm test</code>. Request <strong>abc</strong> is <em>approved</em>.</p>"
                + "<p>Second paragraph<br>with a line break</p>",
                html("Clone the repository and run `npm test`. Request **abc** is *approved*.\n\nSecond paragraph\nwith a line break"));
    }

    @Test
    void markupInTheTextStaysText() {
        assertEquals("<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>&lt;b&gt;</strong> <code>&lt;i&gt; **not bold**</code></p>",
                html("<script>alert(1)</script> **<b>** `<i> **not bold**`"));
    }

    @Test
    void onlyHttpAndMailtoTargetsBecomeLinks() {
        assertEquals("<p>See <a href=\"https://docs.example.com/a?b=1&amp;c=2\" rel=\"noopener\">the <strong>docs</strong></a></p>",
                html("See [the **docs**](https://docs.example.com/a?b=1&c=2)"));
        assertEquals("<p>[click](javascript:alert(1)) [x](data:text/html,hi)</p>", html("[click](javascript:alert(1)) [x](data:text/html,hi)"));
        assertEquals("<p>[q](https://e.example/&quot;onmouseover=&quot;x)</p>", html("[q](https://e.example/\"onmouseover=\"x)"));
    }

    @Test
    void emptyAndOversizeTexts() {
        assertEquals("", html(null));
        assertEquals("", html("  "));
        String big = "**" + "a".repeat(InlineMarkdown.MAX_LENGTH) + "**";
        String out = html(big);
        assertEquals(true, out.startsWith("<p>**aaa") && out.endsWith("…</p>") && !out.contains("<strong>"), out.substring(0, 20));
    }
}
