package org.courseport.server.grpc.webhook;

import io.grpc.stub.StreamObserver;
import java.util.List;
import org.courseport.api.v1.CreateWebhookEndpointRequest;
import org.courseport.api.v1.CreateWebhookEndpointResponse;
import org.courseport.api.v1.DeleteWebhookEndpointRequest;
import org.courseport.api.v1.DeleteWebhookEndpointResponse;
import org.courseport.api.v1.GetWebhookEndpointRequest;
import org.courseport.api.v1.GetWebhookEndpointResponse;
import org.courseport.api.v1.ListWebhookDeliveriesRequest;
import org.courseport.api.v1.ListWebhookDeliveriesResponse;
import org.courseport.api.v1.ListWebhookEndpointsRequest;
import org.courseport.api.v1.ListWebhookEndpointsResponse;
import org.courseport.api.v1.WebhookServiceGrpc;
import org.courseport.server.auth.TenantContext;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.WebhookEndpoint;
import org.courseport.server.domain.delivery.WebhookEndpoints;
import org.courseport.server.grpc.Calls;

/** The gRPC adapter of WebhookService: maps requests, calls {@link WebhookEndpoints}, maps back. */
public final class WebhookGrpcService extends WebhookServiceGrpc.WebhookServiceImplBase {
  private final WebhookEndpoints endpoints;

  public WebhookGrpcService(WebhookEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  public void createWebhookEndpoint(
      CreateWebhookEndpointRequest r, StreamObserver<CreateWebhookEndpointResponse> response) {
    Calls.unary(
        response,
        () -> {
          WebhookEndpoint e =
              endpoints.create(TenantContext.tenantId(), r.getUrl(), r.getEventsList());
          return CreateWebhookEndpointResponse.newBuilder()
              .setEndpoint(WebhookProtoMapper.toProto(e))
              .setSecret(e.secret())
              .build();
        });
  }

  @Override
  public void listWebhookEndpoints(
      ListWebhookEndpointsRequest r, StreamObserver<ListWebhookEndpointsResponse> response) {
    Calls.unary(
        response,
        () -> {
          int size = WebhookProtoMapper.pageSize(r.getPageSize());
          int offset = WebhookProtoMapper.offset(r.getPageToken());
          List<WebhookEndpoint> page = endpoints.list(TenantContext.tenantId(), offset, size + 1);
          boolean more = page.size() > size;
          ListWebhookEndpointsResponse.Builder b = ListWebhookEndpointsResponse.newBuilder();
          page.stream().limit(size).forEach(e -> b.addEndpoints(WebhookProtoMapper.toProto(e)));
          return b.setNextPageToken(WebhookProtoMapper.nextToken(offset, size, more)).build();
        });
  }

  @Override
  public void getWebhookEndpoint(
      GetWebhookEndpointRequest r, StreamObserver<GetWebhookEndpointResponse> response) {
    Calls.unary(
        response,
        () ->
            GetWebhookEndpointResponse.newBuilder()
                .setEndpoint(
                    WebhookProtoMapper.toProto(
                        endpoints.get(TenantContext.tenantId(), r.getEndpointId())))
                .build());
  }

  @Override
  public void deleteWebhookEndpoint(
      DeleteWebhookEndpointRequest r, StreamObserver<DeleteWebhookEndpointResponse> response) {
    Calls.unary(
        response,
        () -> {
          endpoints.delete(TenantContext.tenantId(), r.getEndpointId());
          return DeleteWebhookEndpointResponse.getDefaultInstance();
        });
  }

  @Override
  public void listWebhookDeliveries(
      ListWebhookDeliveriesRequest r, StreamObserver<ListWebhookDeliveriesResponse> response) {
    Calls.unary(
        response,
        () -> {
          int size = WebhookProtoMapper.pageSize(r.getPageSize());
          int offset = WebhookProtoMapper.offset(r.getPageToken());
          List<Delivery> page =
              endpoints.deliveries(TenantContext.tenantId(), r.getEndpointId(), offset, size + 1);
          boolean more = page.size() > size;
          ListWebhookDeliveriesResponse.Builder b = ListWebhookDeliveriesResponse.newBuilder();
          page.stream().limit(size).forEach(d -> b.addDeliveries(WebhookProtoMapper.toProto(d)));
          return b.setNextPageToken(WebhookProtoMapper.nextToken(offset, size, more)).build();
        });
  }
}
