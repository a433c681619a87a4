package org.courseport.client.cli;

import java.util.ArrayList;
import java.util.List;
import org.courseport.api.v1.CreateWebhookEndpointResponse;
import org.courseport.api.v1.ListWebhookDeliveriesResponse;
import org.courseport.api.v1.ListWebhookEndpointsResponse;
import org.courseport.api.v1.WebhookAttempt;
import org.courseport.api.v1.WebhookDelivery;
import org.courseport.api.v1.WebhookEndpoint;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code webhooks}: the tenant's webhook endpoints and their delivery logs. */
@Command(
    name = "webhooks",
    description = "Register, list and delete webhook endpoints; show what was delivered.",
    subcommands = {
      WebhooksCommand.Create.class,
      WebhooksCommand.ListEndpoints.class,
      WebhooksCommand.Delete.class,
      WebhooksCommand.Deliveries.class
    })
final class WebhooksCommand extends GroupCommand {

  /** {@code webhooks create --url URL --event E [--event E2] [--json]}. */
  @Command(
      name = "create",
      description = "Register an endpoint; prints its signing secret, shown only this once.")
  static final class Create extends ClientCommand {
    @Option(names = "--url", required = true, description = "The https URL to POST events to.")
    String url;

    @Option(
        names = "--event",
        required = true,
        split = ",",
        paramLabel = "EVENT",
        description =
            "Event to receive (repeat or comma-separate): package.processing.completed,"
                + " package.processing.failed.")
    List<String> events = new ArrayList<>();

    @Option(names = "--json", description = "Print the endpoint and secret as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      CreateWebhookEndpointResponse created = client.webhooks().create(url, events);
      if (json) {
        Json.print(created, out());
        return 0;
      }
      WebhookEndpoint e = created.getEndpoint();
      out().println("endpoint: " + e.getEndpointId());
      out().println("url:      " + e.getUrl());
      out().println("events:   " + String.join(", ", e.getEventsList()));
      out().println("secret:   " + created.getSecret());
      err().println("Store the secret now: it is not shown again.");
      return 0;
    }
  }

  /** {@code webhooks list [--json]}. */
  @Command(name = "list", description = "List the endpoints, oldest first.")
  static final class ListEndpoints extends ClientCommand {
    @Option(names = "--json", description = "Print the endpoints as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      List<WebhookEndpoint> endpoints = client.webhooks().listAll();
      if (json) {
        Json.print(ListWebhookEndpointsResponse.newBuilder().addAllEndpoints(endpoints), out());
        return 0;
      }
      TextTable table = new TextTable("ID", "CREATED", "EVENTS", "URL");
      for (WebhookEndpoint e : endpoints) {
        table.row(
            e.getEndpointId(),
            CourseText.time(e.getCreateTime()),
            String.join(",", e.getEventsList()),
            e.getUrl());
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code webhooks delete ID}. */
  @Command(name = "delete", description = "Delete an endpoint.")
  static final class Delete extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Endpoint id.")
    String endpointId;

    @Override
    int run(CourseportClient client) {
      client.webhooks().delete(endpointId);
      out().println("deleted webhook endpoint '" + endpointId + "'");
      return 0;
    }
  }

  /** {@code webhooks deliveries ID [--limit N] [--json]}. */
  @Command(name = "deliveries", description = "Show the deliveries to an endpoint, newest first.")
  static final class Deliveries extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Endpoint id.")
    String endpointId;

    @Option(
        names = "--limit",
        defaultValue = "20",
        description = "Most deliveries to show, 1 to 100 (default 20).")
    int limit;

    @Option(names = "--json", description = "Print the deliveries as JSON.")
    boolean json;

    @Override
    void checkArguments() {
      if (limit < 1 || limit > 100) {
        throw usage("--limit must be between 1 and 100");
      }
    }

    @Override
    int run(CourseportClient client) {
      ListWebhookDeliveriesResponse page = client.webhooks().deliveries(endpointId, limit, "");
      if (json) {
        Json.print(page, out());
        return 0;
      }
      TextTable table = new TextTable("DELIVERY", "CREATED", "EVENT", "STATUS", "ATTEMPTS", "LAST");
      for (WebhookDelivery d : page.getDeliveriesList()) {
        table.row(
            d.getDeliveryId(),
            CourseText.time(d.getCreateTime()),
            d.getEvent(),
            d.getStatus().name().replace("WEBHOOK_DELIVERY_STATUS_", ""),
            d.getAttemptsCount(),
            last(d));
      }
      table.print(out());
      return 0;
    }

    private static String last(WebhookDelivery d) {
      if (d.getAttemptsCount() == 0) {
        return "-";
      }
      WebhookAttempt a = d.getAttempts(d.getAttemptsCount() - 1);
      return a.getStatusCode() > 0 ? "HTTP " + a.getStatusCode() : a.getError();
    }
  }
}
