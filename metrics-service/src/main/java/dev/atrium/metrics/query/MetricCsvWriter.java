package dev.atrium.metrics.query;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link MetricSeries} as CSV for {@code Accept: text/csv}: one row per point, fixed columns.
 * Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
 */
@Provider
@Produces("text/csv")
public class MetricCsvWriter implements MessageBodyWriter<MetricSeries> {
    static final String HEADER = "metric,period,team,dimension,value,count,numerator,denominator,p50,p90,below_target,suppressed";

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return MetricSeries.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(MetricSeries s, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (MetricPoint p : s.points()) {
            sb.append(cell(s.metric())).append(',')
                    .append(p.period() == null ? "" : p.period()).append(',')
                    .append(cell(p.team())).append(',')
                    .append(cell(p.dimension())).append(',')
                    .append(num(p.value())).append(',')
                    .append(p.count() == null ? "" : p.count()).append(',')
                    .append(num(p.numerator())).append(',')
                    .append(num(p.denominator())).append(',')
                    .append(num(p.p50())).append(',')
                    .append(num(p.p90())).append(',')
                    .append(p.belowTarget() == null ? "" : p.belowTarget()).append(',')
                    .append(p.suppressed() == null ? "" : p.suppressed())
                    .append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String num(Double d) {
        if (d == null) {
            return "";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
    }

    static String cell(String v) {
        if (v == null) {
            return "";
        }
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
