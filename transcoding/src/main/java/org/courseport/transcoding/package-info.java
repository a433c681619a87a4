/**
 * The Armeria HTTP front of Courseport: {@link org.courseport.transcoding.RestFront} mounts the
 * shared core ({@code core}, {@code core.json}, {@code core.stream}) and one package per REST
 * dialect ({@code scormcloud}).
 */
package org.courseport.transcoding;
