@export
Feature: Exhibitor notes become plain text
  Staff write their notes in the app's rich-text editor, so notes arrive as HTML. A spreadsheet or a
  CRM shows HTML as a jumble of tags, and a script hidden in a note must never travel on. The export
  turns notes into one line of plain text: paragraphs and line breaks become spaces, other tags vanish,
  scripts and styles vanish with their content, entities are decoded, and whitespace is tidied.

  Background:
    Given One Sky IT Demo has an exhibit "Orbit Analytics" at its conference

  Rule: Notes are exported as the plain text they show

    @rule:§3.export.notes.plain_text @rule:§3.export.formula_guard @rule:§3.lead.notes_as_given
    Scenario Outline: Notes written with <markup> read as plain text
      Given the exhibit has a lead whose notes are "<notes>"
      When Cleo exports the leads
      Then the lead's notes read "<text>"

      Examples:
        | markup                                 | notes                                                                     | text                              |
        | paragraphs and bold (contract example) | <p>Hot&nbsp;lead</p><p>Call <b>Mon</b>day</p>                             | Hot lead Call Monday              |
        | line breaks                            | Call back<br>Tuesday<br/>after 3pm<BR />sharp                             | Call back Tuesday after 3pm sharp |
        | a list                                 | Wants:<ul><li>Pricing</li><li>A demo</li></ul>                            | Wants: Pricing A demo             |
        | a table                                | <table><tr><th>Seats</th><td>40</td></tr></table>                         | Seats 40                          |
        | headings, divisions and a quote        | <h2>Follow up</h2><div>Budget approved</div><blockquote>Soon</blockquote> | Follow up Budget approved Soon    |
        | inline tags inside a word              | Re<i>ally</i> keen on <a href="https://orbit.example">Orbit</a>           | Really keen on Orbit              |
        | a script                               | Keen<script>alert("pwned")</script> buyer                                 | Keen buyer                        |
        | a style sheet                          | <style>p { color: red }</style>Wants a trial                              | Wants a trial                     |
        | tags in capitals                       | <P>Budget <B>approved</B></P><SCRIPT>steal()</SCRIPT>                     | Budget approved                   |
        | a comment                              | Ready<!-- internal: low priority --> to sign                              | Ready to sign                     |
        | entities                               | Smith &amp; Sons &lt;VIP&gt; &quot;gold&quot; &#8364;5k                   | Smith & Sons <VIP> "gold" €5k     |
        | encoded tags, which stay text          | Wrote &lt;b&gt;urgent&lt;/b&gt; on the card                               | Wrote <b>urgent</b> on the card   |
        | tabs, line feeds and runs of spaces    | \t Lots   of\n\n space\t here \r\n                                        | Lots of space here                |
        | no markup at all                       | Met at the coffee bar                                                     | Met at the coffee bar             |
