/**
 * Streaming bodies for hand-written routes: HTTP bodies into client-streaming upload RPCs and
 * server-streamed files out to HTTP, with back-pressure both ways.
 */
package org.courseport.transcoding.core.stream;
