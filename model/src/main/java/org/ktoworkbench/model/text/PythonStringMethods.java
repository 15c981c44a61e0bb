package org.ktoworkbench.model.text;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python's {@code str} methods that chat templates call ({@code content.startswith('<tool_response>')},
 * {@code content.split('</think>')[-1].lstrip('\n')}): Jinjava only offers Java's String methods, whose
 * {@code split} takes a regex and whose {@code strip} takes no characters. Resolves nothing else, so the default
 * resolver behind it handles every other call.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || method == null) return null;
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(s, method.toString(), args);
        if (result != NOT_PYTHON) context.setPropertyResolved(true);
        return result == NOT_PYTHON ? null : result;
    }

    private static final Object NOT_PYTHON = new Object();

    private static Object call(String s, String method, Object[] args) {
        return switch (method) {
            case "startswith" -> anyAffix(args[0], s::startsWith);
            case "endswith" -> anyAffix(args[0], s::endsWith);
            case "strip" -> rstrip(lstrip(s, chars(args)), chars(args));
            case "lstrip" -> lstrip(s, chars(args));
            case "rstrip" -> rstrip(s, chars(args));
            case "split" -> split(s, args.length > 0 ? (String) args[0] : null, args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "replace" -> args.length == 2 ? s.replace(String.valueOf(args[0]), String.valueOf(args[1])) : NOT_PYTHON;
            case "find" -> s.indexOf(String.valueOf(args[0]));
            case "count" -> count(s, String.valueOf(args[0]));
            case "join" -> join(s, args[0]);
            default -> NOT_PYTHON;
        };
    }

    private interface Affix {
        boolean test(String affix);
    }

    /** Python accepts one affix or a tuple of them. */
    private static boolean anyAffix(Object arg, Affix test) {
        if (arg instanceof Iterable<?> affixes) {
            for (Object a : affixes) if (test.test(String.valueOf(a))) return true;
            return false;
        }
        return test.test(String.valueOf(arg));
    }

    /** Characters to strip; null means whitespace, as in Python. */
    private static String chars(Object[] args) {
        return args.length == 0 || args[0] == null ? null : args[0].toString();
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
    }

    private static String lstrip(String s, String chars) {
        int start = 0;
        while (start < s.length() && strippable(s.charAt(start), chars)) start++;
        return s.substring(start);
    }

    private static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0 && strippable(s.charAt(end - 1), chars)) end--;
        return s.substring(0, end);
    }

    /** Python's split: with a separator, literal and keeping empty parts; without, on runs of whitespace. */
    private static List<String> split(String s, String sep, int maxsplit) {
        List<String> parts = new ArrayList<>();
        if (sep == null) {
            String rest = lstrip(s, null);
            while (!rest.isEmpty()) {
                if (maxsplit >= 0 && parts.size() == maxsplit) {
                    parts.add(rest);
                    break;
                }
                int end = 0;
                while (end < rest.length() && !strippable(rest.charAt(end), null)) end++;
                parts.add(rest.substring(0, end));
                rest = lstrip(rest.substring(end), null);
            }
            return parts;
        }
        if (sep.isEmpty()) throw new ChatTemplateException("chat template: split() with an empty separator");
        int from = 0;
        for (int at; (maxsplit < 0 || parts.size() < maxsplit) && (at = s.indexOf(sep, from)) >= 0; from = at + sep.length()) {
            parts.add(s.substring(from, at));
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (char c : s.toCharArray()) {
            out.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousCased = Character.isLetter(c);
        }
        return out.toString();
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) return s.length() + 1;
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) n++;
        return n;
    }

    private static String join(String separator, Object items) {
        List<String> parts = new ArrayList<>();
        if (items instanceof Iterable<?> iterable) for (Object item : iterable) parts.add(String.valueOf(item));
        else throw new ChatTemplateException("chat template: join() needs a list");
        return String.join(separator, parts);
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
