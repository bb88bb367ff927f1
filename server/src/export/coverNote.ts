/**
 * The note on the cover: what the reader holds. The internal draft is not anonymised and must not
 * claim it was checked.
 */
export function coverNote(draftMark: string | undefined): string {
  return draftMark
    ? `${draftMark}. Dieser interne Entwurf wurde nicht auf personenbezogene Daten geprüft und ist nicht für den Jugendhilfeausschuss bestimmt.`
    : 'Bericht an den Jugendhilfeausschuss nach § 8 Abs. 5 Landeskinderschutzgesetz NRW. Alle Angaben zu Personen sind pseudonymisiert; der Bericht wurde vor dem Export auf personenbezogene Daten geprüft.';
}
