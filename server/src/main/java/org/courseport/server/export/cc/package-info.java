/**
 * Canvas content exports of authored courses: IMS Common Cartridge 1.3 / 1.1 ({@link
 * org.courseport.server.export.cc.CommonCartridgeWriter}), QTI 1.2 quizzes with an IMS CP manifest
 * ({@link org.courseport.server.export.cc.QtiExportWriter}) and the course's files as a plain zip
 * ({@link org.courseport.server.export.cc.CourseFilesZipWriter}).
 */
package org.courseport.server.export.cc;
