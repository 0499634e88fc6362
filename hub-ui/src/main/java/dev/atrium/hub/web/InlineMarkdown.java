package dev.atrium.hub.web;

import io.quarkus.qute.RawString;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small part of Markdown that template output texts use (Backstage renders {@code output.text} as Markdown):
 * paragraphs, {@code `code`}, {@code **bold**}, {@code *emphasis*} and {@code [links](https://…)}. The text is
 * HTML-escaped first and only these forms are turned into tags afterwards, so nothing a template writes becomes
 * markup of its own; a link whose target {@link SafeUrl} refuses stays text.
 */
public final class InlineMarkdown {
    /** Texts longer than this are shown as they are, cut, without formatting. */
    static final int MAX_LENGTH = 20_000;
    private static final Pattern CODE = Pattern.compile("`([^`\n]+)`");
    private static final Pattern BOLD = Pattern.compile("\\*\\*([^*\n]+)\\*\\*");
    private static final Pattern EMPHASIS = Pattern.compile("(?<![*\\w])\\*([^*\n]+)\\*(?![*\\w])");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\n]+)]\\(([^)\\s]+)\\)");

    private InlineMarkdown() {
    }

    /** The text as HTML paragraphs. */
    public static RawString toHtml(String text) {
        if (text == null || text.isBlank()) {
            return new RawString("");
        }
        if (text.length() > MAX_LENGTH) {
            return new RawString("<p>" + escape(text.substring(0, MAX_LENGTH)) + "…</p>");
        }
        StringBuilder html = new StringBuilder();
        for (String paragraph : text.strip().split("\\n\\s*\\n")) {
            html.append("<p>").append(inline(paragraph.strip())).append("</p>");
        }
        return new RawString(html.toString());
    }

    private static String inline(String paragraph) {
        // code spans first: their content is shown literally, so keep it out of the other rules
        StringBuilder out = new StringBuilder();
        Matcher m = CODE.matcher(paragraph);
        int last = 0;
        while (m.find()) {
            out.append(styled(paragraph.substring(last, m.start())));
            out.append("<code>").append(escape(m.group(1))).append("</code>");
            last = m.end();
        }
        out.append(styled(paragraph.substring(last)));
        return out.toString().replace("\n", "<br>");
    }

    private static String styled(String plain) {
        StringBuilder out = new StringBuilder();
        Matcher m = LINK.matcher(plain);
        int last = 0;
        while (m.find()) {
            out.append(emphasis(escape(plain.substring(last, m.start()))));
            String href = SafeUrl.of(m.group(2));
            if (href == null) {
                out.append(emphasis(escape(m.group(0))));
            } else {
                out.append("<a href=\"").append(escape(href)).append("\" rel=\"noopener\">").append(emphasis(escape(m.group(1)))).append("</a>");
            }
            last = m.end();
        }
        out.append(emphasis(escape(plain.substring(last))));
        return out.toString();
    }

    private static String emphasis(String escaped) {
        String bold = BOLD.matcher(escaped).replaceAll("<strong>$1</strong>");
        return EMPHASIS.matcher(bold).replaceAll("<em>$1</em>");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
