package br.com.etlvendas.serve;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.Map;

/** A query parameter the API cannot use: answered with 400 and a JSON body naming the parameter. */
final class BadParameter extends RuntimeException {

    private final String parameter;

    BadParameter(String parameter, String message) {
        super(message, null, false, false);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }

    void answer(Context ctx) {
        ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "bad parameter", "parameter", parameter,
                "message", parameter + " " + getMessage()));
    }
}
