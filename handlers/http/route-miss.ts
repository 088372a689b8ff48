/** A request no route takes, as the problem it is: 405 naming the methods the path allows, else 404 naming the routes. */
import { HttpError } from "./problem";
import type { RouteMiss } from "./routes";

export function routeMissError(miss: RouteMiss, method: string, path: string, routes: readonly string[]): HttpError {
    return miss.status === 405
        ? new HttpError(
              405,
              "Method not allowed",
              `${method} is not allowed on ${path}; allowed: ${miss.allow.join(", ")}`,
              {},
              { allow: miss.allow.join(", ") },
          )
        : new HttpError(404, "Not found", `no route for ${path}; routes are ${routes.join(", ")}`);
}
