package dev.atrium.hub.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

/** Every field of the current request's form, for forms whose field names come from data (template parameters). */
public final class FormParams {
    /** More fields than any form the hub renders. */
    static final int MAX_FIELDS = 500;

    private FormParams() {
    }

    public static Map<String, List<String>> all() {
        ResteasyReactiveRequestContext rr = CurrentRequestManager.get();
        FormData data = rr == null ? null : rr.getFormData();
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (data == null) {
            return out;
        }
        for (String name : data) {
            if (out.size() >= MAX_FIELDS) {
                throw new BadInput("The form has too many fields.");
            }
            List<String> values = new ArrayList<>();
            for (FormValue v : data.get(name)) {
                if (!v.isFileItem()) {
                    values.add(v.getValue());
                }
            }
            out.put(name, values);
        }
        return out;
    }
}
