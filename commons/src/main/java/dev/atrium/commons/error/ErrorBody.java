package dev.atrium.commons.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The one error body every Atrium service returns: RFC 9457 problem fields plus Backstage's
 * {@code error/request/response} envelope, so both kinds of client understand it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Error", description = "RFC 9457 problem details combined with Backstage's error envelope")
public record ErrorBody(
        @Schema(description = "Problem type URI", example = "https://atrium.dev/problems/not-found") String type,
        @Schema(description = "Short summary of the problem type", example = "Not Found") String title,
        @Schema(description = "HTTP status code", example = "404") int status,
        @Schema(description = "Human-readable explanation") String detail,
        @Schema(description = "Request path the problem occurred on") String instance,
        @Schema(description = "Backstage error object") ErrorInfo error,
        @Schema(description = "The request that failed") RequestInfo request,
        @Schema(description = "The response status") ResponseInfo response,
        @Schema(description = "Field errors for validation problems; at most " + ErrorBody.MAX_FIELD_ERRORS
                + ", the last one then says how many more there were") List<FieldError> errors,
        @Schema(description = "Identifier of an unexpected failure (500): quote it when reporting the problem; "
                + "the server log holds the details under this id") String errorId) {

    /** Most field errors one body lists; a request that provokes more gets a summary entry instead. */
    public static final int MAX_FIELD_ERRORS = 100;

    /** The body without an error id (every failure but an unexpected one). */
    public ErrorBody(String type, String title, int status, String detail, String instance, ErrorInfo error,
            RequestInfo request, ResponseInfo response, List<FieldError> errors) {
        this(type, title, status, detail, instance, error, request, response, errors, null);
    }

    /** Backstage's {@code error} object: the error class name and its message. */
    public record ErrorInfo(
            @Schema(example = "NotFoundError") String name,
            String message) {}

    /** Backstage's {@code request} object. */
    public record RequestInfo(@Schema(example = "GET") String method, String url) {}

    /** Backstage's {@code response} object. */
    public record ResponseInfo(int statusCode) {}

    /** Builds the body for one failed request. */
    public static ErrorBody of(int status, String name, String message, String method, String url,
            List<FieldError> errors) {
        return of(status, name, message, method, url, errors, null);
    }

    /** Builds the body for one failed request, with the id an unexpected failure was logged under. */
    public static ErrorBody of(int status, String name, String message, String method, String url,
            List<FieldError> errors, String errorId) {
        String title = titleFor(status);
        return new ErrorBody(
                "https://atrium.dev/problems/" + title.toLowerCase().replace(' ', '-'),
                title, status, message, url,
                new ErrorInfo(name, message),
                new RequestInfo(method, url),
                new ResponseInfo(status),
                errors == null || errors.isEmpty() ? null : capped(errors),
                errorId);
    }

    private static List<FieldError> capped(List<FieldError> errors) {
        return FieldError.capped(errors, MAX_FIELD_ERRORS);
    }

    static String titleFor(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Client Error";
        };
    }
}
