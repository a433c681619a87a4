package org.courseport.server.player;

import java.util.Locale;
import java.util.Map;

/**
 * The player page's own texts in the languages the {@code culture} of a launch can ask for; the
 * language part of the culture code picks them ({@code de-CH} → German), anything else is English.
 * The course's own texts are the course's.
 *
 * @param previous the previous button
 * @param next the next button
 * @param exit the exit button
 * @param contents the table of contents' label
 * @param needsJavaScript the notice without JavaScript
 * @param openedInNewWindow the notice when the course opens in a new window
 * @param openWindow the button that opens that window again
 */
record PlayerTexts(
    String previous,
    String next,
    String exit,
    String contents,
    String needsJavaScript,
    String openedInNewWindow,
    String openWindow) {

  static final PlayerTexts ENGLISH =
      new PlayerTexts(
          "Previous",
          "Next",
          "Exit",
          "Contents",
          "This course player needs JavaScript.",
          "The course opened in a new window.",
          "Open the course window");

  private static final Map<String, PlayerTexts> BY_LANGUAGE =
      Map.of(
          "en",
          ENGLISH,
          "de",
          new PlayerTexts(
              "Zurück",
              "Weiter",
              "Beenden",
              "Inhalt",
              "Dieser Kursplayer braucht JavaScript.",
              "Der Kurs wurde in einem neuen Fenster geöffnet.",
              "Kursfenster öffnen"),
          "fr",
          new PlayerTexts(
              "Précédent",
              "Suivant",
              "Quitter",
              "Sommaire",
              "Ce lecteur de cours a besoin de JavaScript.",
              "Le cours s’est ouvert dans une nouvelle fenêtre.",
              "Ouvrir la fenêtre du cours"),
          "es",
          new PlayerTexts(
              "Anterior",
              "Siguiente",
              "Salir",
              "Contenido",
              "Este reproductor de cursos necesita JavaScript.",
              "El curso se abrió en una ventana nueva.",
              "Abrir la ventana del curso"),
          "it",
          new PlayerTexts(
              "Indietro",
              "Avanti",
              "Esci",
              "Indice",
              "Questo lettore di corsi richiede JavaScript.",
              "Il corso è stato aperto in una nuova finestra.",
              "Apri la finestra del corso"),
          "nl",
          new PlayerTexts(
              "Vorige",
              "Volgende",
              "Afsluiten",
              "Inhoud",
              "Deze cursusspeler heeft JavaScript nodig.",
              "De cursus is in een nieuw venster geopend.",
              "Cursusvenster openen"),
          "pt",
          new PlayerTexts(
              "Anterior",
              "Seguinte",
              "Sair",
              "Conteúdo",
              "Este leitor de cursos precisa de JavaScript.",
              "O curso foi aberto numa nova janela.",
              "Abrir a janela do curso"));

  /** The texts for a culture code such as {@code de-DE}; English when the language is unknown. */
  static PlayerTexts forCulture(String culture) {
    if (culture == null) {
      return ENGLISH;
    }
    String language = culture.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    return BY_LANGUAGE.getOrDefault(language, ENGLISH);
  }
}
