package dev.atrium.access.provisioning.ticket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.access.provisioning.Provisioner;
import dev.atrium.access.provisioning.ProvisioningContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * What the ITSM adapters that file tickets over HTTP share: the {@code itsm-ticket} step, one HTTP client
 * with the call timeout, and filing the same kind of ticket when access is granted and when it is taken back.
 */
public abstract class HttpTicketProvisioner implements Provisioner {
    protected static final ObjectMapper JSON = new ObjectMapper();

    protected final Duration timeout;
    protected final HttpClient http;

    protected HttpTicketProvisioner(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String step() {
        return "itsm-ticket";
    }

    @Override
    public String provision(ProvisioningContext context) throws IOException, InterruptedException {
        return file(TicketContent.of(context));
    }

    @Override
    public String deprovision(ProvisioningContext context) throws IOException, InterruptedException {
        return file(TicketContent.of(context));
    }

    /**
     * Files the ticket, at most once per {@link TicketContent#idempotencyKey()}, and returns its id.
     *
     * @throws IOException when the ITSM system refuses or cannot be reached (the message holds no secret)
     */
    protected abstract String file(TicketContent content) throws IOException, InterruptedException;
}
