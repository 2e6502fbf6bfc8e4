export { Action, OpenLink } from './actions';
export { Button, Widget } from './bases';
export { ButtonSet, ImageButton, TextButton } from './buttons';
export { Card, CardAction, CardBuilder, CardHeader, CardSection, FixedFooter } from './card';
export { DecoratedText, Divider, Image, TextParagraph } from './display';
export { Grid, GridItem, ImageComponent } from './grid';
export { IconImage } from './icons';
export { SelectionInput, Switch, TextInput } from './inputs';
export { DatePicker, DateTimePicker, TimePicker } from './pickers';
