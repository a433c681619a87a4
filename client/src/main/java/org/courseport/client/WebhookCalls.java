package org.courseport.client;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.courseport.api.v1.CreateWebhookEndpointRequest;
import org.courseport.api.v1.CreateWebhookEndpointResponse;
import org.courseport.api.v1.DeleteWebhookEndpointRequest;
import org.courseport.api.v1.GetWebhookEndpointRequest;
import org.courseport.api.v1.ListWebhookDeliveriesRequest;
import org.courseport.api.v1.ListWebhookDeliveriesResponse;
import org.courseport.api.v1.ListWebhookEndpointsRequest;
import org.courseport.api.v1.ListWebhookEndpointsResponse;
import org.courseport.api.v1.WebhookEndpoint;
import org.courseport.api.v1.WebhookServiceGrpc;
import org.courseport.api.v1.WebhookServiceGrpc.WebhookServiceBlockingStub;

/** The WebhookService calls: endpoints of the caller's tenant and their delivery logs. */
public final class WebhookCalls {
  private final Channel channel;
  private final Duration callTimeout;

  WebhookCalls(Channel channel, Duration callTimeout) {
    this.channel = channel;
    this.callTimeout = callTimeout;
  }

  /** Registers an endpoint; the answer holds the signing secret, shown only this once. */
  public CreateWebhookEndpointResponse create(String url, List<String> events) {
    return unary(
        s ->
            s.createWebhookEndpoint(
                CreateWebhookEndpointRequest.newBuilder()
                    .setUrl(url)
                    .addAllEvents(events)
                    .build()));
  }

  /** Every endpoint of the tenant, walking the pages. */
  public List<WebhookEndpoint> listAll() {
    List<WebhookEndpoint> all = new ArrayList<>();
    String token = "";
    do {
      ListWebhookEndpointsRequest request =
          ListWebhookEndpointsRequest.newBuilder().setPageToken(token).build();
      ListWebhookEndpointsResponse page = unary(s -> s.listWebhookEndpoints(request));
      all.addAll(page.getEndpointsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  /** One endpoint, without its secret. */
  public WebhookEndpoint get(String endpointId) {
    return unary(
            s ->
                s.getWebhookEndpoint(
                    GetWebhookEndpointRequest.newBuilder().setEndpointId(endpointId).build()))
        .getEndpoint();
  }

  /** Deletes an endpoint. */
  public void delete(String endpointId) {
    unary(
        s ->
            s.deleteWebhookEndpoint(
                DeleteWebhookEndpointRequest.newBuilder().setEndpointId(endpointId).build()));
  }

  /** One page of an endpoint's deliveries, newest first ({@code pageToken} empty for the first). */
  public ListWebhookDeliveriesResponse deliveries(
      String endpointId, int pageSize, String pageToken) {
    return unary(
        s ->
            s.listWebhookDeliveries(
                ListWebhookDeliveriesRequest.newBuilder()
                    .setEndpointId(endpointId)
                    .setPageSize(pageSize)
                    .setPageToken(pageToken)
                    .build()));
  }

  private <T> T unary(Function<WebhookServiceBlockingStub, T> call) {
    WebhookServiceBlockingStub stub =
        WebhookServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return call.apply(stub);
    } catch (StatusRuntimeException e) {
      throw ErrorTable.toException(e);
    }
  }
}
