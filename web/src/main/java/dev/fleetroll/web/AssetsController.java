package dev.fleetroll.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The pages' stylesheet and script, and uPlot from its WebJar: a fixed list, cached by the browser for an hour. */
@Controller("/assets")
public class AssetsController {

  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private record Asset(String resource, String type) {}

  private static final Map<String, Asset> ASSETS = Map.of(
      "fleetroll.css", new Asset("dev/fleetroll/web/assets/fleetroll.css", "text/css"),
      "fleetroll.js", new Asset("dev/fleetroll/web/assets/fleetroll.js", "text/javascript"),
      "uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css"),
      "uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript"));

  @Get("/{name}")
  HttpResponse<byte[]> asset(String name) {
    Asset a = ASSETS.get(name);
    if (a == null) {
      return HttpResponse.notFound();
    }
    try (InputStream in = AssetsController.class.getClassLoader().getResourceAsStream(a.resource())) {
      if (in == null) {
        return HttpResponse.notFound();
      }
      return HttpResponse.ok(in.readAllBytes()).contentType(a.type() + ";charset=utf-8").header("Cache-Control", "max-age=3600");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
