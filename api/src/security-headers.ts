// Security headers on every answer, the API's and the web app's: the app is served from
// this origin only (scripts, styles, the live socket), may not be framed, does not leak its
// URLs as a referrer, and no answer is sniffed into another content type. The built app has
// no inline script and loads nothing from elsewhere (the map is the site's own GeoJSON);
// Leaflet's stylesheet draws a few icons from data: URLs.
import { secureHeaders } from 'hono/secure-headers';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function securityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
    // Nothing here is meant to be embedded by another origin.
    crossOriginResourcePolicy: 'same-origin',
  });
}
