package org.courseport.server.player;

import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.ResumeData;

/**
 * Everything the player page needs.
 *
 * @param grant what is launched, with its options
 * @param plan the launch plan (supported)
 * @param deliveryBase the delivery token's base path, {@code /s/{deliveryToken}} (package files
 *     under {@code {deliveryBase}/c/}, commits to {@code {deliveryBase}/commit}, exit pages at
 *     {@code {deliveryBase}/exit})
 * @param resume what a tracked relaunch restores ({@link ResumeData#NONE} for a preview)
 * @param nonce the CSP nonce of the page's inline scripts
 */
public record PlayerPageModel(
    LaunchGrant grant, LaunchPlan plan, String deliveryBase, ResumeData resume, String nonce) {}
