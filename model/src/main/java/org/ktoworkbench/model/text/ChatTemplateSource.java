package org.ktoworkbench.model.text;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the two Jinja constructs of HF chat templates that Jinjava reads differently, leaving text outside tags
 * alone:
 * <ul>
 *   <li>{@code xs[::-1]} (a step slice, which Jinjava does not parse) becomes {@code xs|reverse};
 *   <li>a keyword argument's value is parenthesised: Jinjava reads
 *       {@code namespace(last_query_index=messages|length - 1)} (Qwen3) as {@code (last_query_index=...) - 1}.
 * </ul>
 */
final class ChatTemplateSource {
    private static final Pattern REVERSE_SLICE = Pattern.compile("\\[\\s*::\\s*-1\\s*]");
    private static final Pattern KEYWORD = Pattern.compile("\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=(?!=)");

    private ChatTemplateSource() {}

    static String adapt(String template) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            int open = nextTag(template, i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open + 2);
            String close = template.charAt(open + 1) == '{' ? "}}" : "%}";
            int end = closeOf(template, open + 2, close);
            out.append(adaptExpression(REVERSE_SLICE.matcher(template.substring(open + 2, end)).replaceAll("|reverse")));
            i = end;
        }
        return out.toString();
    }

    private static int nextTag(String s, int from) {
        for (int at = s.indexOf('{', from); at >= 0 && at + 1 < s.length(); at = s.indexOf('{', at + 1)) {
            char next = s.charAt(at + 1);
            if (next == '{' || next == '%') return at;
        }
        return -1;
    }

    /** Where the tag closes, skipping string literals; the end of the text if it never does (Jinjava then reports it). */
    private static int closeOf(String s, int from, String close) {
        char quote = 0;
        for (int at = from; at < s.length(); at++) {
            char c = s.charAt(at);
            if (quote != 0) {
                if (c == '\\') at++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (s.startsWith(close, at)) {
                return at;
            }
        }
        return s.length();
    }

    private static String adaptExpression(String expr) {
        StringBuilder out = new StringBuilder(expr.length() + 8);
        Deque<boolean[]> parens = new ArrayDeque<>(); // per open bracket: {is '(', keyword value open}
        char quote = 0;
        char lastSignificant = 0;
        for (int at = 0; at < expr.length(); at++) {
            char c = expr.charAt(at);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && at + 1 < expr.length()) out.append(expr.charAt(++at));
                else if (c == quote) quote = 0;
                continue;
            }
            boolean inCall = !parens.isEmpty() && parens.peek()[0];
            if (inCall && (lastSignificant == '(' || lastSignificant == ',')) {
                Matcher keyword = KEYWORD.matcher(expr).region(at, expr.length());
                if (keyword.lookingAt()) {
                    out.append(keyword.group()).append('(');
                    parens.peek()[1] = true;
                    at = keyword.end() - 1;
                    lastSignificant = '=';
                    continue;
                }
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '(' -> parens.push(new boolean[] {true, false});
                case '[', '{' -> parens.push(new boolean[] {false, false});
                case ']', '}' -> {
                    if (!parens.isEmpty()) parens.pop();
                }
                case ')' -> {
                    if (!parens.isEmpty() && parens.pop()[1]) out.append(')');
                }
                case ',' -> {
                    if (!parens.isEmpty() && parens.peek()[1]) {
                        out.append(')');
                        parens.peek()[1] = false;
                    }
                }
                default -> { }
            }
            out.append(c);
            if (!Character.isWhitespace(c)) lastSignificant = c;
        }
        return out.toString();
    }
}
