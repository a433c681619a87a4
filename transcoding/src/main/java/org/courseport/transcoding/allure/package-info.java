/**
 * The Allure package API ({@code /api/v1/packages}): {@code {"error","code","message"}} errors,
 * snake_case JSON, {@code X-API-Key} credentials and the presigned {@code PUT} route.
 */
package org.courseport.transcoding.allure;
