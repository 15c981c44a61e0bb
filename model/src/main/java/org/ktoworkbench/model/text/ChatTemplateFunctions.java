package org.ktoworkbench.model.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import java.time.ZonedDateTime;
import java.util.Map;

/** The functions and filters transformers adds to the Jinja environment of chat templates. */
public final class ChatTemplateFunctions {
    private ChatTemplateFunctions() {}

    /** {@code raise_exception(message)}: a template refusing a conversation (roles that do not alternate, ...). */
    public static String raiseException(String message) {
        throw new ChatTemplateException(message);
    }

    /** {@code strftime_now(format)}: the local time in Python's strftime format (Llama 3.1 dates its system prompt). */
    public static String strftimeNow(String format) {
        return StrftimeFormatter.format(ZonedDateTime.now(), format);
    }

    /** {@code tojson}, written as Python's json.dumps writes it (Jinjava's own omits the spaces). */
    static final class ToJson implements AdvancedFilter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
            return PythonJson.dumps(var, indent == null ? null : ((Number) indent).intValue());
        }
    }
}
