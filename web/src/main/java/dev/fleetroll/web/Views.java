package dev.fleetroll.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;

/** Renders the page templates (src/main/jte, compiled at build time by jte). */
@Singleton
public final class Views {

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  public String render(String template, Object model) {
    StringOutput out = new StringOutput(64 * 1024);
    engine.render(template + ".jte", model, out);
    return out.toString();
  }

  HttpResponse<String> page(HttpStatus status, String template, Object model) {
    return HttpResponse.<String>status(status).contentType(MediaType.TEXT_HTML_TYPE + ";charset=utf-8")
        .body(render(template, model));
  }

  HttpResponse<String> error(HttpStatus status, String title, String message) {
    return page(status, "error", new Page.ErrorView(status.getCode(), title, message));
  }
}
